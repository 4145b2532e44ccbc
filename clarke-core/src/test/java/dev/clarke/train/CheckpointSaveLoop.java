package dev.clarke.train;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Init;
import dev.clarke.nn.Sequential;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A child process for {@link CheckpointKillTest}: saves version 1, 2, 3, ... of a checkpoint over the
 * same file, forever, each version with every parameter equal to its number, until it is killed.
 */
public final class CheckpointSaveLoop {

    private CheckpointSaveLoop() {
    }

    /** The network whose checkpoints are saved: large enough (≈ 1 MB) that a save takes a while. */
    static Sequential network() {
        return Sequential.mlp(new int[] {64, 512, 512, 2}, Activation.relu(), Init.HE);
    }

    /** Every parameter of {@link #network()} equal to {@code v}. */
    static List<Tensor> constant(Sequential net, double v) {
        List<Tensor> out = new ArrayList<>();
        for (Shape s : net.parameterShapes()) {
            double[] a = new double[s.size()];
            java.util.Arrays.fill(a, v);
            out.add(Tensor.of(DType.F64, s, a));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Sequential net = network();
        for (int v = Integer.parseInt(args[1]); ; v++) {
            Checkpoint.save(file, net, constant(net, v), DType.F32, Map.of("version", Integer.toString(v)), true);
            System.out.println(v);
            System.out.flush();
        }
    }
}
