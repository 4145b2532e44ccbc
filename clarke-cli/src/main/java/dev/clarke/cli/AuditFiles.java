package dev.clarke.cli;

import com.google.gson.JsonObject;
import dev.clarke.audit.AuditResult;
import dev.clarke.audit.Targets;
import dev.clarke.data.Dataset;
import dev.clarke.data.Npy;
import dev.clarke.onnx.OnnxModel;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import dev.clarke.train.SafeTensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The files of {@code clarke audit}: the model, samples and labels in; gradient and report out. */
final class AuditFiles {

    /** Samples, their targets, and where they came from. */
    record Samples(Tensor inputs, Targets targets, String source) {
    }

    private AuditFiles() {
    }

    /** The files of {@code --report DIR}. */
    static final List<String> REPORT_FILES = List.of("audit.json", "nodes.png", "batches.png");

    /** Refuses, before any work, outputs that exist (unless {@code force}) or cannot be written. */
    static void checkOutputs(Path saveGradient, Path report, boolean force) {
        if (saveGradient != null) {
            Outputs.checkFile("--save-gradient", saveGradient, force);
        }
        if (report != null) {
            Outputs.checkDirectory("--report", report, REPORT_FILES, force);
        }
    }

    static OnnxModel model(Path file, Path weights) {
        OnnxModel m = Inputs.run("", () -> OnnxModel.read(file));
        if (weights == null) {
            return m;
        }
        Map<String, Tensor> w = tensors(weights, "--weights");
        return Inputs.run("", () -> {
            try {
                return m.withWeights(w);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--weights " + weights + ": " + e.getMessage());
            }
        });
    }

    static Map<String, Tensor> tensors(Path file, String option) {
        try {
            return SafeTensors.read(file).tensors();
        } catch (IOException e) {
            throw failed(option, file, e);
        }
    }

    /** The samples of --inputs/--labels or of --data, cut to the first {@code limit}, shaped for the model. */
    static Samples samples(Path inputs, Path labels, String data, String loss, Integer limit, OnnxModel m) {
        if (loss != null && !loss.equals("cross-entropy") && !loss.equals("mse")) {
            throw new BadInput("--loss " + loss + ": use cross-entropy or mse");
        }
        if (data != null) {
            if (inputs != null || labels != null) {
                throw new BadInput("--data replaces --inputs and --labels: give one or the other");
            }
            if ("mse".equals(loss)) {
                throw new BadInput("--data gives class labels: use --loss cross-entropy");
            }
            Dataset d = TrainData.load(data, null).train();
            int n = limit == null ? d.size() : Math.min(limit, d.size());
            if (d.sampleShape().size() != m.inputShape().size()) {
                throw new BadInput("--data " + data + ": samples of shape " + d.sampleShape() + " do not fit the model's input "
                        + m.inputShape());
            }
            Tensor x = d.reshape(m.inputShape()).batch(d.allIndices(), 0, n, DType.F64);
            return new Samples(x, new Targets.Classes(d.labels(d.allIndices(), 0, n)), data + " (training part)");
        }
        if (inputs == null || labels == null) {
            throw new BadInput("give the samples: --inputs FILE and --labels FILE, or --data mnist|DIR|CSV");
        }
        Tensor x = cut(inputTensor(inputs), limit);
        Npy.Array y = read(labels, "--labels");
        boolean classes = y.type().isInteger();
        if (classes && "mse".equals(loss)) {
            throw new BadInput("--labels " + labels + " holds integers: for --loss mse give float targets of the output's shape");
        }
        if (!classes && "cross-entropy".equals(loss)) {
            throw new BadInput("--labels " + labels + " holds floats: cross-entropy needs integer class labels (save with y.astype(np.int64))");
        }
        Targets t;
        if (classes) {
            if (y.shape().length != 1) {
                throw new BadInput("--labels " + labels + ": class labels must be one-dimensional [N], got " + Arrays.toString(y.shape()));
            }
            int[] ints;
            try {
                ints = y.toInts(labels.toString());
            } catch (IOException e) {
                throw new BadInput("--labels " + e.getMessage());
            }
            t = new Targets.Classes(limit == null ? ints : Arrays.copyOf(ints, Math.min(limit, ints.length)));
        } else {
            t = new Targets.Values(cut(y.toTensor(), limit));
        }
        return new Samples(x, t, inputs.toString());
    }

    private static Tensor cut(Tensor x, Integer limit) {
        if (limit == null || x.rank() == 0 || x.shape().dim(0) <= limit) {
            return x;
        }
        int[] dims = x.shape().dims().clone();
        int per = x.size() / dims[0];
        dims[0] = limit;
        return Tensor.of(x.dtype(), Shape.of(dims), Arrays.copyOf(x.toDoubleArray(), limit * per));
    }

    private static Npy.Array read(Path file, String option) {
        try {
            return Npy.read(file);
        } catch (IOException e) {
            throw failed(option, file, e);
        }
    }

    /** A file that could not be read, as one line: the readers' messages start with the file already. */
    private static BadInput failed(String option, Path file, IOException e) {
        String reason = Messages.reason(e);
        return new BadInput(option + " " + (reason.startsWith(file.toString()) ? reason : file + ": " + reason));
    }

    private static Tensor inputTensor(Path file) {
        if (!file.toString().endsWith(".safetensors")) {
            return read(file, "--inputs").toTensor();
        }
        Map<String, Tensor> all = tensors(file, "--inputs");
        if (all.size() == 1) {
            return all.values().iterator().next();
        }
        if (all.containsKey("x")) {
            return all.get("x");
        }
        throw new BadInput("--inputs " + file + " holds " + all.size() + " tensors " + all.keySet()
                + ": keep one, or name the inputs x");
    }

    /** Writes Clarke's gradient atomically. */
    static void saveGradient(Path file, AuditResult r, boolean force) {
        byte[] bytes = SafeTensors.encode(r.gradient(), Map.of("producer", "clarke audit", "policy", r.policy(), "dtype", r.dtype()));
        Outputs.write("--save-gradient", file, force, out -> out.write(bytes));
    }

    /** The --report directory: audit.json (the --json object), nodes.png and batches.png. */
    static void report(Path dir, JsonObject json, AuditResult r, boolean force) {
        byte[] text = (Json.print(json) + "\n").getBytes(StandardCharsets.UTF_8);
        Outputs.write("--report", dir.resolve("audit.json"), force, out -> out.write(text));
        Plots.audit(dir, r, force);
    }
}
