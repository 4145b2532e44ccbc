package dev.clarke.ad;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine's exact outputs on 400 random programs (scalar and tensor, every policy preset, inputs
 * drawn so that kinks and ties are hit exactly): value, gradient and tangent bits, and the kink log
 * with its adjoints. The fixture {@code engine-fingerprint.txt} was written by the engine as it was
 * before operations became typed and derivative rules became one mechanism, so any refactoring of
 * the engine must reproduce it bit for bit. Regenerate only for an intended change of numbers:
 * {@code mvn -pl clarke-core test -Dtest=EngineFingerprintTest -Dfingerprint.write=PATH}.
 *
 * <p>Independently of the fixture, each program's reverse-mode gradient (the scalar fast path) must
 * equal bit for bit the gradient computed through {@link Trace#gradVars} (the general tensor path).
 */
class EngineFingerprintTest {

    private static final double[] SPECIAL = {0, -0.0, 1, -1, 3, -3, 6, 0.5, -0.5, 2};

    private static double draw(SplittableRandom r) {
        return r.nextInt(3) == 0 ? Math.round(r.nextGaussian() * 8) / 4.0
                : r.nextBoolean() ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextGaussian() * 3;
    }

    private static Var step(List<Var> pool, SplittableRandom rng) {
        Var a = pool.get(rng.nextInt(pool.size()));
        Var b = pool.get(rng.nextInt(pool.size()));
        switch (rng.nextInt(30)) {
            case 0: return a.add(b);
            case 1: return a.sub(b);
            case 2: return a.mul(b);
            case 3: return a.mul(rng.nextInt(5) - 2.0);
            case 4: return a.neg();
            case 5: return a.tanh().exp();
            case 6: return a.sin().add(a.cos());
            case 7: return a.sigmoid();
            case 8: return a.softplus();
            case 9: return a.abs();
            case 10: return a.relu();
            case 11: return a.max(b);
            case 12: return a.min(b);
            case 13: return a.mul(a).add(1).log();
            case 14: return a.div(b.mul(b).add(1));
            case 15: return a.clamp(-1, 2);
            case 16: return a.leakyRelu(0.2);
            case 17: return a.hardtanh();
            case 18: return a.relu6();
            case 19: return a.hardsigmoid();
            case 20: return a.hardswish();
            case 21: return a.sign().add(a.floor()).add(a.round());
            case 22: return a.mul(a).sqrt();
            case 23: return a.pow(3);
            case 24: return a.abs().add(1).pow(b.tanh());
            case 25: return Var.where(a.compare(Comparison.GT, b), a.mul(2), b.exp());
            case 26: return a.leakyRelu();
            case 27: return a.abs().pow(0.5);
            case 28: return a.mul(a).add(b).sub(a.max(b));
            default: return a.clamp(0, 0);
        }
    }

    private static String bits(Tensor t) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < t.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(Long.toHexString(Double.doubleToRawLongBits(t.get(i))));
        }
        return sb.toString();
    }

    private static final KinkPolicy[] POLICIES = {KinkPolicy.mid(), KinkPolicy.left(), KinkPolicy.right(),
        KinkPolicy.pytorch(), KinkPolicy.parse("lambda=0.25,relu=0.3,max=2,abs=0.7")};

    /** One program's fingerprint: a few lines. */
    private static String program(long seed, boolean check) {
        SplittableRandom r = new SplittableRandom(seed);
        KinkPolicy policy = POLICIES[r.nextInt(POLICIES.length)];
        boolean tensor = r.nextInt(3) == 0;
        Trace t = new Trace(policy, DType.F64);
        List<Var> xs = new ArrayList<>();
        List<Var> pool = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Var x;
            if (tensor) {
                double[] v = new double[6];
                for (int j = 0; j < v.length; j++) {
                    v[j] = draw(r);
                }
                x = t.input(Tensor.of(DType.F64, i == 2 ? Shape.of(6) : Shape.of(2, 3), v));
                if (i == 2) {
                    x = x.reshape(2, 3);
                }
            } else {
                x = t.input(draw(r));
            }
            xs.add(x);
            pool.add(x);
        }
        pool.add(t.constant(xs.get(0).shape(), 0.0));
        StringBuilder sb = new StringBuilder("program " + seed + " " + policy + (tensor ? " tensor" : " scalar") + "\n");
        try {
            for (int s = 0; s < 10; s++) {
                pool.add(step(pool, r));
            }
            Var y = pool.get(pool.size() - 1).add(pool.get(pool.size() - 2));
            if (tensor) {
                y = r.nextBoolean() ? y.sum() : y.max().add(y.sum(1, false).min());
            }
            List<Var> inputs = xs.subList(0, 2);
            Tensor jvp = t.jvp(y, Map.of(xs.get(0), Tensor.ones(xs.get(0).shape(), DType.F64)));
            List<Var> viaGraph = check ? t.gradVars(y, inputs) : null;
            Gradients g = t.grad(y, inputs, Backward.RETAIN);
            sb.append(" value ").append(bits(y.value())).append('\n');
            sb.append(" jvp ").append(bits(jvp)).append('\n');
            for (int i = 0; i < inputs.size(); i++) {
                Tensor gi = g.of(inputs.get(i));
                sb.append(" grad").append(i).append(' ').append(bits(gi)).append('\n');
                if (check) {
                    assertEquals(bits(viaGraph.get(i).value()), bits(gi), "program " + seed + ": fast path vs gradVars");
                }
            }
            for (KinkLog.Hit h : t.kinks().hits()) {
                sb.append(" hit ").append(h.node()).append(' ').append(h.op()).append(' ').append(h.element())
                        .append(' ').append(h.point()).append(' ').append(h.adjoint()).append('\n');
            }
        } catch (DomainException | IllegalArgumentException e) {
            sb.append(" error ").append(e.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static String all(boolean check) {
        StringBuilder sb = new StringBuilder();
        for (long seed = 1; seed <= 400; seed++) {
            sb.append(program(seed, check));
        }
        return sb.toString();
    }

    @Test
    void engineReproducesItsRecordedOutputsBitForBit() throws IOException {
        String now = all(true);
        String out = System.getProperty("fingerprint.write");
        if (out != null) {
            Files.writeString(Path.of(out), now, StandardCharsets.UTF_8);
        }
        String expected;
        try (InputStream in = getClass().getResourceAsStream("/engine-fingerprint.txt")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String[] e = expected.split("\n");
        String[] n = now.split("\n");
        for (int i = 0; i < Math.min(e.length, n.length); i++) {
            assertEquals(e[i], n[i], "line " + (i + 1) + " of engine-fingerprint.txt");
        }
        assertEquals(e.length, n.length, "number of lines");
    }
}
