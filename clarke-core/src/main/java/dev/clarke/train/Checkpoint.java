package dev.clarke.train;

import dev.clarke.io.AtomicFile;
import dev.clarke.nn.Layer;
import dev.clarke.nn.Linear;
import dev.clarke.nn.Network;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network's parameters as a safetensors file that PyTorch loads into the equivalent
 * {@code nn.Sequential}: names {@code i.weight} and {@code i.bias} by layer index, linear weights
 * transposed to PyTorch's [out, in], convolution weights as they are ([C_out, C_in, K, K]). In Python:
 * {@code model.load_state_dict(safetensors.torch.load_file("model.safetensors"))}.
 */
public final class Checkpoint {

    private Checkpoint() {
    }

    /**
     * The named tensors of {@code params} (in {@link Network#parameterShapes} order), stored in {@code dtype}.
     *
     * @param net the network
     * @param params its parameters, in order
     * @param dtype the stored dtype
     * @return the tensors by their PyTorch names
     */
    public static Map<String, Tensor> named(Network net, List<Tensor> params, DType dtype) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<String> names = net.parameterNames();
        int k = 0;
        for (Layer l : net.layers()) {
            for (int i = 0; i < l.parameterShapes().size(); i++, k++) {
                Tensor t = params.get(k);
                if (l instanceof Linear && i == 0) {
                    t = transpose(t);
                }
                out.put(names.get(k), t.to(dtype));
            }
        }
        return out;
    }

    /**
     * Saves {@code params} of {@code net} to a new file; see {@link #save(Path, Network, List, DType, Map, boolean)}.
     *
     * @param file the file to create
     * @param net the network
     * @param params its parameters, in order
     * @param dtype the stored dtype
     * @param metadata extra metadata
     * @throws IOException when the file exists or cannot be written
     */
    public static void save(Path file, Network net, List<Tensor> params, DType dtype, Map<String, String> metadata) throws IOException {
        save(file, net, params, dtype, metadata, false);
    }

    /**
     * Saves {@code params} of {@code net} with the network's description in the metadata (keys sorted),
     * atomically: a crash or a kill during the save leaves the old file whole. An existing file is
     * replaced only if {@code replace}.
     *
     * @param file the file to write
     * @param net the network
     * @param params its parameters, in order
     * @param dtype the stored dtype
     * @param metadata extra metadata
     * @param replace whether an existing file may be replaced
     * @throws IOException when the file cannot be written, or exists and {@code replace} is false
     */
    public static void save(Path file, Network net, List<Tensor> params, DType dtype, Map<String, String> metadata,
            boolean replace) throws IOException {
        AtomicFile.write(file, replace, encode(net, params, dtype, metadata));
    }

    /**
     * The bytes of the checkpoint {@link #save} writes: the same parameters and metadata always give the same bytes.
     *
     * @param net the network
     * @param params its parameters, in order
     * @param dtype the stored dtype
     * @param metadata extra metadata
     * @return the safetensors bytes
     */
    public static byte[] encode(Network net, List<Tensor> params, DType dtype, Map<String, String> metadata) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("format", "pt");
        meta.put("clarke.network", net.toString());
        return SafeTensors.encode(named(net, params, dtype), meta);
    }

    /**
     * Loads the parameters of {@code net} (as F64), checking every name and shape.
     *
     * @param file the safetensors file
     * @param net the network the parameters are for
     * @return its parameters, in order
     * @throws IOException when the file cannot be read, or a name or shape does not match
     */
    public static List<Tensor> load(Path file, Network net) throws IOException {
        Map<String, Tensor> ts = SafeTensors.read(file).tensors();
        List<Tensor> out = new ArrayList<>();
        List<String> names = net.parameterNames();
        int k = 0;
        for (Layer l : net.layers()) {
            List<Shape> shapes = l.parameterShapes();
            for (int i = 0; i < shapes.size(); i++, k++) {
                Tensor t = ts.get(names.get(k));
                if (t == null) {
                    throw new IOException(file + ": no tensor '" + names.get(k) + "' for " + l.describe());
                }
                if (l instanceof Linear && i == 0) {
                    t = t.rank() == 2 ? transpose(t) : t;
                }
                if (!t.shape().equals(shapes.get(i))) {
                    throw new IOException(file + ": tensor '" + names.get(k) + "' has shape " + t.shape() + ", "
                            + l.describe() + " needs " + shapes.get(i) + (l instanceof Linear && i == 0 ? " (stored transposed)" : ""));
                }
                out.add(t.to(DType.F64));
            }
        }
        if (ts.size() != names.size()) {
            throw new IOException(file + ": holds " + ts.size() + " tensors, the network has " + names.size());
        }
        return out;
    }

    private static Tensor transpose(Tensor t) {
        int r = t.shape().dim(0);
        int c = t.shape().dim(1);
        double[] v = new double[t.size()];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                v[j * r + i] = t.get(i * c + j);
            }
        }
        return Tensor.of(t.dtype(), Shape.of(c, r), v);
    }
}
