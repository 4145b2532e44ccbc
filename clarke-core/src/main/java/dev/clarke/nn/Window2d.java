package dev.clarke.nn;

/**
 * A sliding window over the two spatial axes of [N, C, H, W] images, as ONNX's Conv and pooling
 * operators describe it: a kh×kw kernel moved by strides (sh, sw), its taps spread by dilations
 * (dh, dw), the image padded by (top, left, bottom, right). Along the height the output has
 * ⌊(H + top + bottom − dh·(kh − 1) − 1) / sh⌋ + 1 positions, and the same along the width.
 *
 * @param kh     kernel height ≥ 1
 * @param kw     kernel width ≥ 1
 * @param sh     stride along the height ≥ 1
 * @param sw     stride along the width ≥ 1
 * @param dh     dilation along the height ≥ 1
 * @param dw     dilation along the width ≥ 1
 * @param top    padding above ≥ 0
 * @param left   padding on the left ≥ 0
 * @param bottom padding below ≥ 0
 * @param right  padding on the right ≥ 0
 */
public record Window2d(int kh, int kw, int sh, int sw, int dh, int dw, int top, int left, int bottom, int right) {

    /** The largest kernel, stride, dilation or padding accepted. */
    public static final int MAX_EXTENT = 1 << 16;

    /**
     * Checks the sizes.
     *
     * @param kh kernel height ≥ 1
     * @param kw kernel width ≥ 1
     * @param sh stride along the height ≥ 1
     * @param sw stride along the width ≥ 1
     * @param dh dilation along the height ≥ 1
     * @param dw dilation along the width ≥ 1
     * @param top padding above ≥ 0
     * @param left padding on the left ≥ 0
     * @param bottom padding below ≥ 0
     * @param right padding on the right ≥ 0
     * @throws IllegalArgumentException if a kernel size, stride or dilation is outside
     *     [1, {@link #MAX_EXTENT}] or a padding outside [0, {@link #MAX_EXTENT}]
     */
    public Window2d {
        int[] positive = {kh, kw, sh, sw, dh, dw};
        int[] pads = {top, left, bottom, right};
        for (int v : positive) {
            if (v < 1 || v > MAX_EXTENT) {
                throw new IllegalArgumentException("window: kernel, strides and dilations must be in [1, " + MAX_EXTENT
                        + "], got " + this);
            }
        }
        for (int v : pads) {
            if (v < 0 || v > MAX_EXTENT) {
                throw new IllegalArgumentException("window: pads must be in [0, " + MAX_EXTENT + "], got " + this);
            }
        }
    }

    /**
     * A k×k kernel with stride s, no dilation, padding p on every side (PyTorch's Conv2d and
     * MaxPool2d).
     *
     * @param k the kernel's height and width, ≥ 1
     * @param s the stride along both axes, ≥ 1
     * @param p the padding on every side, ≥ 0
     * @return the window, as PyTorch's {@code kernel_size=k, stride=s, padding=p}
     * @throws IllegalArgumentException if a kernel size, stride or dilation is outside
     *     [1, {@link #MAX_EXTENT}] or a padding outside [0, {@link #MAX_EXTENT}]
     */
    public static Window2d square(int k, int s, int p) {
        return new Window2d(k, k, s, s, 1, 1, p, p, p, p);
    }

    /**
     * Output positions along the height of an image H high (may be &lt; 1 when the kernel does not
     * fit).
     *
     * @param h the image's height H
     * @return the number of output rows (may be &lt; 1 when the kernel does not fit)
     */
    public int outHeight(int h) {
        return Math.floorDiv(h + top + bottom - dh * (kh - 1) - 1, sh) + 1;
    }

    /**
     * Output positions along the width of an image W wide.
     *
     * @param w the image's width W
     * @return the number of output columns (may be &lt; 1 when the kernel does not fit)
     */
    public int outWidth(int w) {
        return Math.floorDiv(w + left + right - dw * (kw - 1) - 1, sw) + 1;
    }

    /** {@return whether this is {@link #square}{@code (k, s, p)} for some k, s, p} */
    public boolean isSquare() {
        return kh == kw && sh == sw && dh == 1 && dw == 1 && top == left && top == bottom && top == right;
    }

    /**
     * The same window with extra padding below and on the right (pooling's ceil mode).
     *
     * @param extraBottom rows of padding added below, ≥ 0
     * @param extraRight columns of padding added on the right, ≥ 0
     * @return the new window; this one is unchanged
     */
    public Window2d padMore(int extraBottom, int extraRight) {
        return new Window2d(kh, kw, sh, sw, dh, dw, top, left, bottom + extraBottom, right + extraRight);
    }

    /**
     * {@return a short description such as {@code k3x3 s2 d1 p(1,1,1,1)}, leaving out the defaults}
     */
    public String describe() {
        StringBuilder sb = new StringBuilder("k" + kh + (kh == kw ? "" : "x" + kw));
        if (sh != 1 || sw != 1) {
            sb.append(", s").append(sh).append(sh == sw ? "" : "x" + sw);
        }
        if (dh != 1 || dw != 1) {
            sb.append(", d").append(dh).append(dh == dw ? "" : "x" + dw);
        }
        if (top != 0 || left != 0 || bottom != 0 || right != 0) {
            sb.append(", p").append(top == left && top == bottom && top == right ? String.valueOf(top)
                    : "(" + top + "," + left + "," + bottom + "," + right + ")");
        }
        return sb.toString();
    }
}
