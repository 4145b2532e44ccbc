package dev.clarke.bench;

import dev.clarke.audit.Audit;
import dev.clarke.audit.Targets;
import dev.clarke.data.Npy;
import dev.clarke.onnx.OnnxModel;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Audit throughput of {@code bench/compare-audit}: {@link Audit#run} of MODEL.onnx on the batch
 * X.npy / Y.npy (all samples in one batch, F32, policy {@code pytorch}), with certificates and
 * without, alternating one run of each, after WARM warm-up runs of each. Prints one line per
 * variant: {@code audit-certified SAMPLES_PER_S} and {@code audit-uncertified SAMPLES_PER_S}, the
 * medians over ROUNDS blocks of RUNS runs.
 *
 * <p>Usage: {@code AuditThroughputMain MODEL X Y WARM ROUNDS RUNS}
 */
public final class AuditThroughputMain {

    private AuditThroughputMain() {
    }

    /** Runs the measurement. */
    public static void main(String[] args) throws Exception {
        OnnxModel m = OnnxModel.read(Path.of(args[0]));
        Tensor x = Npy.read(Path.of(args[1])).toTensor();
        Targets y = new Targets.Classes(Npy.read(Path.of(args[2])).toInts(args[2]));
        int warm = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        int runs = Integer.parseInt(args[5]);
        Audit.Options on = new Audit.Options(KinkPolicy.pytorch(), DType.F32, 0, true);
        Audit.Options off = new Audit.Options(KinkPolicy.pytorch(), DType.F32, 0, false);
        for (int i = 0; i < warm; i++) {
            Audit.run(m, x, y, on, Audit.Listener.NONE);
            Audit.run(m, x, y, off, Audit.Listener.NONE);
        }
        int n = x.shape().dim(0);
        double[] certified = new double[rounds];
        double[] uncertified = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long tOn = 0;
            long tOff = 0;
            for (int i = 0; i < runs; i++) {
                long a = System.nanoTime();
                Audit.run(m, x, y, on, Audit.Listener.NONE);
                long b = System.nanoTime();
                Audit.run(m, x, y, off, Audit.Listener.NONE);
                long c = System.nanoTime();
                tOn += b - a;
                tOff += c - b;
            }
            certified[r] = (double) n * runs / (tOn / 1e9);
            uncertified[r] = (double) n * runs / (tOff / 1e9);
        }
        System.out.println(String.format(Locale.ROOT, "audit-certified %.1f", median(certified)));
        System.out.println(String.format(Locale.ROOT, "audit-uncertified %.1f", median(uncertified)));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
