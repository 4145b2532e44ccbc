package dev.clarke.audit;

import dev.clarke.certify.Verdict;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Judges a gradient computed elsewhere (PyTorch's, say) of the same mean batch loss, by parameter
 * name, against Clarke's gradient of a one-batch audit and that batch's verdict. Two gradients agree
 * when every tensor's entries differ by at most {@link #tolerance} times the tensor's largest entry
 * (either gradient's): the working precision's rounding, not a kink, separates them.
 * <ul>
 *   <li>Clarke's verdict {@code DIFFERENTIABLE_CORRECT} (the derivative is unique): agreeing is
 *       {@code DIFFERENTIABLE_CORRECT}, differing {@code DIFFERENTIABLE_INCORRECT};</li>
 *   <li>Clarke's value certified a Clarke subgradient ({@code NONDIFFERENTIABLE_CLARKE}, {@code CLARKE}):
 *       agreeing inherits that verdict; differing is {@code UNKNOWN} (another element of the Clarke
 *       gradient, or not: not decided);</li>
 *   <li>Clarke's verdict {@code UNKNOWN}: {@code UNKNOWN}.</li>
 * </ul>
 *
 * @param verdict    the external gradient's verdict
 * @param reason     why
 * @param maxAbsDiff the largest |external − Clarke| over every entry
 * @param worst      where that difference is: {@code name[index]}
 * @param external   the external value there
 * @param clarke     Clarke's value there (the derivative, or a Clarke subgradient's entry)
 */
public record ExternalGradient(Verdict verdict, String reason, double maxAbsDiff, String worst, double external,
                               double clarke) {

    /**
     * Relative agreement per tensor in working precision {@code t}.
     *
     * @param t the working precision of the audit
     * @return the relative tolerance within which two gradients of a tensor count as equal
     */
    public static double tolerance(DType t) {
        switch (t) {
            case F64: return 1e-10;
            case F32: return 1e-5;
            case F16: return 2e-3;
            default: return 1.6e-2;
        }
    }

    /**
     * Judges {@code external} against a one-batch audit.
     *
     * @param audit the audit, of exactly one batch
     * @param external the other system's gradient, one tensor per model parameter, by name
     * @param dtype the working precision of the audit
     * @return per tensor, whether the external gradient agrees with AD's and with the certificate
     * @throws IllegalArgumentException when the audit has several batches, or the names or shapes
     *                                  differ from the model's parameters (listing them), or a value is not finite
     */
    public static ExternalGradient judge(AuditResult audit, Map<String, Tensor> external, DType dtype) {
        if (audit.batches().size() != 1) {
            throw new IllegalArgumentException("an external gradient is judged against one batch, the audit has "
                    + audit.batches().size() + ": audit all samples in one batch");
        }
        checkNames(audit.gradient(), external);
        double tol = tolerance(dtype);
        double max = 0;
        String worst = null;
        double ext = 0;
        double mine = 0;
        boolean agree = true;
        for (Map.Entry<String, Tensor> e : audit.gradient().entrySet()) {
            Tensor c = e.getValue();
            Tensor x = external.get(e.getKey());
            double scale = 0;
            for (int i = 0; i < c.size(); i++) {
                scale = Math.max(scale, Math.max(Math.abs(c.get(i)), Math.abs(x.get(i))));
            }
            for (int i = 0; i < c.size(); i++) {
                double d = Math.abs(x.get(i) - c.get(i));
                agree &= d <= tol * scale;
                if (worst == null || d > max) {
                    max = d;
                    worst = e.getKey() + "[" + i + "]";
                    ext = x.get(i);
                    mine = c.get(i);
                }
            }
        }
        AuditResult.Batch b = audit.batches().get(0);
        Verdict v;
        String why;
        String diff = "largest difference " + max + " at " + worst + " (external " + ext + ", Clarke " + mine + ")";
        switch (b.verdict()) {
            case DIFFERENTIABLE_CORRECT:
                v = agree ? Verdict.DIFFERENTIABLE_CORRECT : Verdict.DIFFERENTIABLE_INCORRECT;
                why = agree ? "equals the derivative within rounding" : "the loss is differentiable here and this is not its derivative: " + diff;
                break;
            case NONDIFFERENTIABLE_CLARKE:
            case CLARKE:
                v = agree ? b.verdict() : Verdict.UNKNOWN;
                why = agree ? "equals Clarke's certified Clarke subgradient within rounding"
                        : "differs from Clarke's certified Clarke subgradient (" + diff + "); whether it is one too is not decided";
                break;
            default:
                v = Verdict.UNKNOWN;
                why = "Clarke's own gradient here is " + b.verdict() + " (" + b.reason() + "); " + (agree ? "equal within rounding" : diff);
                break;
        }
        return new ExternalGradient(v, why, max, worst, ext, mine);
    }

    private static void checkNames(Map<String, Tensor> model, Map<String, Tensor> external) {
        List<String> missing = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        List<String> shapes = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : model.entrySet()) {
            Tensor x = external.get(e.getKey());
            if (x == null) {
                missing.add(e.getKey());
            } else if (!x.shape().equals(e.getValue().shape())) {
                shapes.add(e.getKey() + " " + x.shape() + " (model: " + e.getValue().shape() + ")");
            } else if (!x.allFinite()) {
                throw new IllegalArgumentException("the gradient '" + e.getKey() + "' contains NaN or infinity");
            }
        }
        for (String k : external.keySet()) {
            if (!model.containsKey(k)) {
                extra.add(k);
            }
        }
        if (missing.isEmpty() && extra.isEmpty() && shapes.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("the gradient does not match the model's parameters:");
        if (!missing.isEmpty()) {
            sb.append(" missing ").append(String.join(", ", missing)).append(';');
        }
        if (!extra.isEmpty()) {
            sb.append(" not in the model ").append(String.join(", ", extra)).append(';');
        }
        if (!shapes.isEmpty()) {
            sb.append(" wrong shape ").append(String.join(", ", shapes)).append(';');
        }
        sb.append(" the model's parameters are ").append(String.join(", ", model.keySet()));
        throw new IllegalArgumentException(sb.toString());
    }
}
