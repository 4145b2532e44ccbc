package dev.clarke.certify;

import dev.clarke.nn.Activation;
import dev.clarke.nn.Dense;
import dev.clarke.nn.Sequential;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Locale;

/**
 * The density bounds on the parameter points where some neuron sits on a kink — a superset of the
 * points where f is not differentiable or AD's value is not its derivative — when every parameter
 * ranges over a finite set M (derivations in docs/theory/machine-representable.md):
 * <ul>
 *   <li>{@code density} = n/|M| with n = Σ_l N_l·|ndf(ρ_l)| (Lee, Park, Aiken): fix every coordinate
 *       but the bias b_{l,i}; at most |ndf(ρ_l)| of its values put the neuron on a kink; take the
 *       union over neurons;</li>
 *   <li>{@code product} = 1 − Π_l (1 − |ndf(ρ_l)|/|M|)^{N_l} ≤ n/|M|, the tight form: taking the
 *       neurons in order, neuron (l, i) misses its kinks with chance ≥ 1 − |ndf(ρ_l)|/|M| whatever
 *       the earlier neurons did (their values do not depend on b_{l,i}); equality is reached
 *       (ReLU, bias, x = 0, M ⊆ (−∞, 0] ∋ 0: every z is 0, so y_{l,i} = b_{l,i});</li>
 *   <li>{@code zeroInput}, for layers without bias (§4): a weight W_l[j → i] with z_{l−1,j} ≠ 0 is a
 *       pseudo-bias, so the two bounds above hold on the points where every bias-free layer has a
 *       non-zero input; a bias-free layer whose input is 0 has y_l = 0 for every weight, a kink when
 *       0 ∈ ndf(ρ_l). {@code zeroInput} bounds the chance of that: Σ over such layers of π_{l−1},
 *       with π_0 = [x = 0] and π_l ≤ r_l^{N_l} + [no bias, ρ_l(0) = 0]·π_{l−1}, r_l the chance that
 *       one movable neuron outputs 0 ({@link ZeroSet}). 0 when every activation layer has bias.</li>
 * </ul>
 * The bound on the kink set is {@link #total()} = min(1, product + zeroInput).
 *
 * @param kinks       n
 * @param valueCount  |M|
 * @param valueSet    a name for M ({@code f32}, {@code -3..3}, ...)
 * @param density     n/|M| (a double)
 * @param product     1 − Π_l (1 − |ndf(ρ_l)|/|M|)^{N_l}
 * @param zeroInput   the bias-free term (0 with bias everywhere)
 */
public record Bound(long kinks, BigInteger valueCount, String valueSet, double density, double product, double zeroInput) {

    /** Distinct finite values of F16 (±0 counted once): 63,487. */
    public static final BigInteger F16 = BigInteger.valueOf(63_487);
    /** Distinct finite values of BF16: 65,279. */
    public static final BigInteger BF16 = BigInteger.valueOf(65_279);
    /** Distinct finite values of F32: 4,278,190,079. */
    public static final BigInteger F32 = BigInteger.valueOf(4_278_190_079L);
    /** Distinct finite values of F64: 2^64 − 2^53 − 1. */
    public static final BigInteger F64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE.shiftLeft(53))
            .subtract(BigInteger.ONE);

    /**
     * Whether the bound says nothing (n/|M| + zeroInput ≥ 1).
     *
     * @return whether it is vacuous
     */
    public boolean vacuous() {
        return density + zeroInput >= 1;
    }

    /**
     * The bound on the fraction of Ω where some neuron sits on a kink.
     *
     * @return min(1, product + zeroInput)
     */
    public double total() {
        return Math.min(1, product + zeroInput);
    }

    /**
     * The bounds for {@code net} with every parameter in a set of {@code valueCount} values, for an
     * input that is not 0 and a value set that need not be symmetric.
     *
     * @param net        the network whose neurons' kinks are counted
     * @param valueCount |M|, the number of values each parameter may take, ≥ 1
     * @param valueSet   a name for M, shown in reports
     * @return the density, product and bias-free bounds
     * @throws IllegalArgumentException if {@code valueCount} is 0
     */
    public static Bound of(Sequential net, BigInteger valueCount, String valueSet) {
        return of(net, valueCount, valueSet, false, false);
    }

    /**
     * The bounds for {@code net}: {@code zeroInputSample} says whether the input x is 0, and
     * {@code symmetric} whether M = −M (every float format is).
     *
     * @param net             the network whose neurons' kinks are counted
     * @param valueCount      |M|, the number of values each parameter may take, ≥ 1
     * @param valueSet        a name for M, shown in reports
     * @param zeroInputSample whether the input x is 0
     * @param symmetric       whether M = −M
     * @return the density, product and bias-free bounds
     * @throws IllegalArgumentException if {@code valueCount} is 0
     */
    public static Bound of(Sequential net, BigInteger valueCount, String valueSet, boolean zeroInputSample, boolean symmetric) {
        Bound plain = of(net.kinkCount(), valueCount, valueSet);
        double m = new BigDecimal(valueCount).doubleValue();
        double logMiss = 0;
        double zero = 0;
        double pi = zeroInputSample ? 1 : 0;
        for (Dense d : net.denseLayers()) {
            Activation a = d.activation();
            if (a != null) {
                logMiss += d.out() * Math.log1p(-Math.min(1, a.kinkCount() / m));
                if (!d.bias() && a.kinkAt(0) != null) {
                    zero += pi;
                }
            }
            double r = ZeroSet.of(a).chance(m, symmetric);
            boolean deadStaysZero = !d.bias() && (a == null || a.apply(0) == 0);
            pi = Math.min(1, Math.pow(r, d.out()) + (deadStaysZero ? pi : 0));
        }
        double product = Math.min(plain.density, -Math.expm1(logMiss));
        return new Bound(plain.kinks, valueCount, valueSet, plain.density, product, Math.min(1, zero));
    }

    /**
     * The bound n/|M| alone (no layer structure: the product form is taken as n/|M|, no bias-free term).
     *
     * @param kinks      n, the number of kinks over all neurons
     * @param valueCount |M|, the number of values each parameter may take, ≥ 1
     * @param valueSet   a name for M, shown in reports
     * @return the bound, with {@code product = density} and {@code zeroInput = 0}
     * @throws IllegalArgumentException if {@code valueCount} is 0
     */
    public static Bound of(long kinks, BigInteger valueCount, String valueSet) {
        if (valueCount.signum() <= 0) {
            throw new IllegalArgumentException("bound: the value set is empty");
        }
        double d = new BigDecimal(kinks).divide(new BigDecimal(valueCount), MathContext.DECIMAL64).doubleValue();
        return new Bound(kinks, valueCount, valueSet, d, d, 0);
    }

    /**
     * The bound for a floating-point format: f16, bf16, f32, f64, or any {@link ValueSet} format
     * name.
     *
     * @param net the network whose kinks are counted
     * @param format a format name as accepted by {@link #formatSize}
     * @return the bound with M the format's finite values
     * @throws IllegalArgumentException if the format is not known or names an empty set
     */
    public static Bound forFormat(Sequential net, String format) {
        return of(net, formatSize(format), format.toLowerCase(Locale.ROOT), false, true);
    }

    /**
     * |M| of a format: f16, bf16, f32, f64, fp8e4m3, fp8e5m2, or a minifloat eXmY[fn].
     *
     * @param format a format name, in any case (or any {@link ValueSet#parse} spec)
     * @return the number of distinct finite values of the format
     * @throws IllegalArgumentException if the format is not known or names an empty set
     */
    public static BigInteger formatSize(String format) {
        switch (format.toLowerCase(Locale.ROOT)) {
            case "f16": case "fp16": return F16;
            case "bf16": return BF16;
            case "f32": case "fp32": return F32;
            case "f64": case "fp64": return F64;
            default: return BigInteger.valueOf(ValueSet.parse(format).size());
        }
    }
}
