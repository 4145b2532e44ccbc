package dev.clarke.train;

import dev.clarke.io.AtomicFile;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network's parameters as a safetensors file that PyTorch loads into the equivalent
 * {@code nn.Sequential}: the network's {@link Sequential#stateDict state dict} ({@code i.weight},
 * {@code i.bias}, ... by layer index, linear weights as PyTorch's [out, in], convolution weights
 * [C_out, C_in/groups, kh, kw]); loading checks every name and shape against the network. In Python:
 * {@code model.load_state_dict(safetensors.torch.load_file("model.safetensors"))}.
 */
public final class Checkpoint {

    private Checkpoint() {
    }

    /**
     * The named tensors of {@code params} (in {@link Sequential#parameterShapes} order), stored in {@code dtype}.
     *
     * @param net the network
     * @param params its parameters, in order
     * @param dtype the stored dtype
     * @return the tensors by their PyTorch names
     */
    public static Map<String, Tensor> named(Sequential net, List<Tensor> params, DType dtype) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        net.stateDictOf(params).forEach((name, t) -> out.put(name, t.to(dtype)));
        return out;
    }

    /**
     * Saves {@code params} of {@code net} to a new file; see {@link #save(Path, Sequential, List, DType, Map, boolean)}.
     *
     * @param file the file to create
     * @param net the network
     * @param params its parameters, in order
     * @param dtype the stored dtype
     * @param metadata extra metadata
     * @throws IOException when the file exists or cannot be written
     */
    public static void save(Path file, Sequential net, List<Tensor> params, DType dtype, Map<String, String> metadata) throws IOException {
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
    public static void save(Path file, Sequential net, List<Tensor> params, DType dtype, Map<String, String> metadata,
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
    public static byte[] encode(Sequential net, List<Tensor> params, DType dtype, Map<String, String> metadata) {
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
    public static List<Tensor> load(Path file, Sequential net) throws IOException {
        Map<String, Tensor> ts = SafeTensors.read(file).tensors();
        try {
            return net.parametersOf(ts, true);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
