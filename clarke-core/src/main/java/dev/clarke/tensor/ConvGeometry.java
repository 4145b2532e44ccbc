package dev.clarke.tensor;

/**
 * The sizes of a 2-D convolution of [B, C_in, H, W] inputs with a weight [C_out, C_in/groups, KH, KW]
 * (PyTorch's layout): output row i reads input rows {@code i·strideH − padH + u·dilationH} for
 * u = 0..KH−1 (zeros outside the image), likewise for columns; the channels split into
 * {@code groups} equal groups, output channel o reading only the input channels of its group.
 *
 * @param inChannels  C_in ≥ 1, a multiple of groups
 * @param height      H ≥ 1
 * @param width       W ≥ 1
 * @param outChannels C_out ≥ 1, a multiple of groups
 * @param kernelH     KH ≥ 1
 * @param kernelW     KW ≥ 1
 * @param strideH     ≥ 1
 * @param strideW     ≥ 1
 * @param padH        zero rows added above and below, ≥ 0
 * @param padW        zero columns added left and right, ≥ 0
 * @param dilationH   ≥ 1
 * @param dilationW   ≥ 1
 * @param groups      ≥ 1
 */
public record ConvGeometry(int inChannels, int height, int width, int outChannels, int kernelH, int kernelW,
                           int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

    /** The largest patch, output plane or weight this kernel accepts (elements), so indices fit in an int. */
    public static final long MAX_ELEMENTS = 1L << 28;

    /**
     * Checks the sizes and that the output is at least 1×1.
     *
     * @param inChannels C_in
     * @param height H
     * @param width W
     * @param outChannels C_out
     * @param kernelH KH
     * @param kernelW KW
     * @param strideH the vertical stride
     * @param strideW the horizontal stride
     * @param padH the zero rows on each side
     * @param padW the zero columns on each side
     * @param dilationH the vertical dilation
     * @param dilationW the horizontal dilation
     * @param groups the number of groups
     */
    public ConvGeometry {
        if (inChannels < 1 || height < 1 || width < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1
                || strideH < 1 || strideW < 1 || padH < 0 || padW < 0 || dilationH < 1 || dilationW < 1 || groups < 1
                || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("conv2d: sizes must be positive (padding non-negative) and channels"
                    + " multiples of groups, got " + describe(inChannels, height, width, outChannels, kernelH, kernelW,
                    strideH, strideW, padH, padW, dilationH, dilationW, groups));
        }
        long p = (long) inChannels / groups * kernelH * kernelW;
        long plane = (long) height * width;
        if (p > MAX_ELEMENTS || plane * inChannels > MAX_ELEMENTS || p * outChannels > MAX_ELEMENTS) {
            throw new IllegalArgumentException("conv2d: sizes too large (more than 2^28 elements per patch, image or"
                    + " weight): " + describe(inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW,
                    padH, padW, dilationH, dilationW, groups));
        }
        int oh = out(height, kernelH, strideH, padH, dilationH), ow = out(width, kernelW, strideW, padW, dilationW);
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException("conv2d: the " + height + "x" + width + " input (padded by " + padH + ", "
                    + padW + ") is smaller than the dilated " + kernelH + "x" + kernelW + " kernel");
        }
    }

    /**
     * Square kernel, equal strides and paddings, no dilation, one group.
     *
     * @param inChannels C_in
     * @param height H
     * @param width W
     * @param outChannels C_out
     * @param kernel KH = KW
     * @param stride both strides
     * @param padding both paddings
     * @return the geometry
     */
    public static ConvGeometry of(int inChannels, int height, int width, int outChannels, int kernel, int stride,
                                  int padding) {
        return new ConvGeometry(inChannels, height, width, outChannels, kernel, kernel, stride, stride, padding, padding,
                1, 1, 1);
    }

    private static int out(int in, int k, int s, int p, int d) {
        return Math.floorDiv(in + 2 * p - d * (k - 1) - 1, s) + 1;
    }

    /**
     * OH.
     *
     * @return the output height
     */
    public int outHeight() {
        return out(height, kernelH, strideH, padH, dilationH);
    }

    /**
     * OW.
     *
     * @return the output width
     */
    public int outWidth() {
        return out(width, kernelW, strideW, padW, dilationW);
    }

    /**
     * The length of one output channel's dot product: C_in/groups·KH·KW.
     *
     * @return the length
     */
    public int patchSize() {
        return inChannels / groups * kernelH * kernelW;
    }

    /**
     * [batch, C_in, H, W].
     *
     * @param batch the batch size
     * @return the input shape
     */
    public Shape inputShape(int batch) {
        return Shape.of(batch, inChannels, height, width);
    }

    /**
     * [batch, C_out, OH, OW].
     *
     * @param batch the batch size
     * @return the output shape
     */
    public Shape outputShape(int batch) {
        return Shape.of(batch, outChannels, outHeight(), outWidth());
    }

    /**
     * [C_out, C_in/groups, KH, KW].
     *
     * @return the weight shape
     */
    public Shape weightShape() {
        return Shape.of(outChannels, inChannels / groups, kernelH, kernelW);
    }

    private static String describe(int... v) {
        return String.format("in %d×%d×%d, out %d, kernel %d×%d, stride %d×%d, pad %d×%d, dilation %d×%d, groups %d",
                v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12]);
    }

    @Override
    public String toString() {
        return describe(inChannels, height, width, outChannels, kernelH, kernelW, strideH, strideW, padH, padW,
                dilationH, dilationW, groups);
    }
}
