package dev.clarke.tensor;

/**
 * Chooses {@link Kernels#get()}'s backend once, at first use: {@link VectorKernels} if the boot
 * layer has the {@code jdk.incubator.vector} module (the JVM ran with
 * {@code --add-modules jdk.incubator.vector}) and the system property {@code clarke.kernels} is not
 * {@code java}; otherwise {@link JavaKernels}. The vector class is loaded by name, so a JVM without
 * the module never touches a Vector API class.
 */
final class KernelsChoice {

    static final Kernels DEFAULT = choose();

    /** Whether {@link #DEFAULT} is the Vector API backend (so code outside the kernels may use the API too). */
    static final boolean VECTOR = DEFAULT != JavaKernels.INSTANCE;

    private KernelsChoice() {
    }

    /** Whether the Vector API module is in the boot layer. */
    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static Kernels choose() {
        if (!"java".equals(System.getProperty("clarke.kernels")) && vectorModulePresent()) {
            try {
                return (Kernels) Class.forName("dev.clarke.tensor.VectorKernels").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return JavaKernels.INSTANCE;
            }
        }
        return JavaKernels.INSTANCE;
    }
}
