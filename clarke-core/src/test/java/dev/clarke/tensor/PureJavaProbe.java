package dev.clarke.tensor;

/**
 * Run by {@link VectorKernelsTest} in a JVM without {@code --add-modules jdk.incubator.vector}:
 * prints the backend {@link Kernels#get()} chose and one product and one relu through it. Without
 * the module, touching any Vector API class would fail with {@link NoClassDefFoundError}.
 */
final class PureJavaProbe {

    private PureJavaProbe() {
    }

    public static void main(String[] args) {
        Kernels k = Kernels.get();
        Tensor a = Tensor.randn(Shape.of(70, 90), DType.F32, 1), b = Tensor.randn(Shape.of(90, 50), DType.F32, 2);
        double s = k.matmul(a, b, false, false).get(123) + k.relu(a, i -> { }).get(5);
        System.out.println(k.backend() + " " + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                + " " + Double.isFinite(s));
    }
}
