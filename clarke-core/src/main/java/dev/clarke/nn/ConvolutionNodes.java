package dev.clarke.nn;

import dev.clarke.ad.Var;
import dev.clarke.tensor.ConvGeometry;
import dev.clarke.tensor.Kernels;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A 2-D convolution on the trace as one node per product, on the {@link Kernels#conv2d} kernels:
 * the convolution y = conv(x, W) (+ bias) and its two bilinear adjoints, the input gradient
 * {@code gx = convᵀ_x(gy, W)} and the weight gradient {@code gW = convᵀ_W(x, gy)}, whose derivative
 * rules are again these three products (for ⟨conv(x, W), gy⟩ = ⟨x, gx⟩ = ⟨W, gW⟩), so every
 * order of derivative is available; plus the bias gradient, a channel sum whose adjoint is a
 * broadcast. Convolution is linear in each argument: it adds no kinks.
 */
final class ConvolutionNodes {

    private static final Kernels K = Kernels.get();

    private ConvolutionNodes() {
    }

    /** conv(x, w) + bias (bias may be null): x [B, C, H, W], w [O, C/groups, KH, KW], bias [O]. */
    static Var conv2d(Var x, Var w, Var bias, ConvGeometry g) {
        List<Var> in = bias == null ? List.of(x, w) : List.of(x, w, bias);
        return node("conv2d", K.conv2d(x.value(), w.value(), bias == null ? null : bias.value(), g), in,
                gy -> Arrays.asList(x.requiresGrad() ? inputGrad(gy, w, g) : null,
                        w.requiresGrad() ? weightGrad(x, gy, g) : null,
                        bias != null && bias.requiresGrad() ? biasGrad(gy) : null),
                ts -> plus(plus(ts.get(0) == null ? null : conv2d(ts.get(0), w, null, g),
                                ts.get(1) == null ? null : conv2d(x, ts.get(1), null, g)),
                        bias == null || ts.get(2) == null ? null
                                : ts.get(2).reshape(1, g.outChannels(), 1, 1).broadcastTo(g.outputShape(x.shape().dim(0)))),
                () -> zeros(x, g.outputShape(x.shape().dim(0))));
    }

    /** The input gradient: gy [B, O, OH, OW] and w to [B, C, H, W]. */
    static Var inputGrad(Var gy, Var w, ConvGeometry g) {
        return node("conv2d_input_grad", K.conv2dInputGrad(gy.value(), w.value(), g), List.of(gy, w),
                c -> Arrays.asList(gy.requiresGrad() ? conv2d(c, w, null, g) : null,
                        w.requiresGrad() ? weightGrad(c, gy, g) : null),
                ts -> plus(ts.get(0) == null ? null : inputGrad(ts.get(0), w, g),
                        ts.get(1) == null ? null : inputGrad(gy, ts.get(1), g)),
                () -> zeros(gy, g.inputShape(gy.shape().dim(0))));
    }

    /** The weight gradient: x [B, C, H, W] and gy [B, O, OH, OW] to [O, C/groups, KH, KW]. */
    static Var weightGrad(Var x, Var gy, ConvGeometry g) {
        return node("conv2d_weight_grad", K.conv2dWeightGrad(x.value(), gy.value(), g), List.of(x, gy),
                c -> Arrays.asList(x.requiresGrad() ? inputGrad(gy, c, g) : null,
                        gy.requiresGrad() ? conv2d(x, c, null, g) : null),
                ts -> plus(ts.get(0) == null ? null : weightGrad(ts.get(0), gy, g),
                        ts.get(1) == null ? null : weightGrad(x, ts.get(1), g)),
                () -> zeros(x, g.weightShape()));
    }

    /** The bias gradient: gy [B, O, OH, OW] summed to [O]. */
    static Var biasGrad(Var gy) {
        Shape s = gy.shape();
        return node("conv2d_bias_grad", K.conv2dBiasGrad(gy.value()), List.of(gy),
                c -> List.of(c.reshape(1, s.dim(1), 1, 1).broadcastTo(s)),
                ts -> ts.get(0) == null ? null : biasGrad(ts.get(0)), () -> zeros(gy, Shape.of(s.dim(1))));
    }

    /** Records a node whose forward rule gives null for a zero tangent, replaced by {@code zero}'s constant. */
    private static Var node(String op, Tensor value, List<Var> inputs, Function<Var, List<Var>> vjp,
                            Function<List<Var>, Var> jvp, Supplier<Var> zero) {
        return inputs.get(0).trace().custom(op, value, inputs, vjp, ts -> {
            Var r = jvp.apply(ts);
            return r != null ? r : zero.get();
        });
    }

    private static Var plus(Var a, Var b) {
        return a == null ? b : b == null ? a : a.add(b);
    }

    private static Var zeros(Var like, Shape s) {
        return like.trace().constant(Tensor.zeros(s, like.dtype()));
    }
}
