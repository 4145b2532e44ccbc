package dev.clarke.certify;

import dev.clarke.nn.Sequential;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Locale;

/**
 * The density bound for networks with bias: if every parameter ranges over a finite set M, the
 * fraction of parameter points where some neuron sits on a kink — and so the fraction where f is
 * not differentiable — is at most n/|M|, with n = Σ_l N_l·|ndf(ρ_l)| the number of (neuron, kink)
 * pairs. (Fix every coordinate but the bias b_{l,i}: at most |ndf(ρ_l)| of its values put the
 * neuron on a kink; take the union over neurons.) The bound is vacuous when n/|M| ≥ 1.
 *
 * @param kinks       n
 * @param valueCount  |M|
 * @param valueSet    a name for M ({@code f32}, {@code -3..3}, ...)
 * @param density     n/|M| (a double)
 */
public record Bound(long kinks, BigInteger valueCount, String valueSet, double density) {

    /** Distinct finite values of F16 (±0 counted once): 63,487. */
    public static final BigInteger F16 = BigInteger.valueOf(63_487);
    /** Distinct finite values of BF16: 65,279. */
    public static final BigInteger BF16 = BigInteger.valueOf(65_279);
    /** Distinct finite values of F32: 4,278,190,079. */
    public static final BigInteger F32 = BigInteger.valueOf(4_278_190_079L);
    /** Distinct finite values of F64: 2^64 − 2^53 − 1. */
    public static final BigInteger F64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE.shiftLeft(53))
            .subtract(BigInteger.ONE);

    /** {@return whether the bound says nothing (n/|M| ≥ 1)} */
    public boolean vacuous() {
        return density >= 1;
    }

    /**
     * The bound n/|M| for {@code net} with every parameter in a set of {@code valueCount} values.
     *
     * @param net the network whose kinks are counted (n: one per kinked activation of each hidden
     *     neuron)
     * @param valueCount |M|, the number of values each parameter may take
     * @param valueSet the value set's name, shown in reports
     * @return the bound n/|M| on the fraction of parameter points where AD can be wrong
     */
    public static Bound of(Sequential net, BigInteger valueCount, String valueSet) {
        return of(net.kinkCount(), valueCount, valueSet);
    }

    /**
     * The bound n/|M|.
     *
     * @param kinks n, the number of kinks of the network's activations
     * @param valueCount |M|, the number of values each parameter may take, ≥ 1
     * @param valueSet the value set's name, shown in reports
     * @return the bound n/|M| on the fraction of parameter points where AD can be wrong
     * @throws IllegalArgumentException if {@code valueCount} is 0
     */
    public static Bound of(long kinks, BigInteger valueCount, String valueSet) {
        if (valueCount.signum() <= 0) {
            throw new IllegalArgumentException("bound: the value set is empty");
        }
        double d = new BigDecimal(kinks).divide(new BigDecimal(valueCount), MathContext.DECIMAL64).doubleValue();
        return new Bound(kinks, valueCount, valueSet, d);
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
        return of(net, formatSize(format), format.toLowerCase(Locale.ROOT));
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
