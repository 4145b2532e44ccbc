import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Two builds' scalar program in one JVM (a class loader each), run alternately with a System.gc()
 * between runs; prints each side's median and the median of the paired ratios B/A, which the
 * machine's load moves far less than separate runs. -Dwhat=record times the recording only.
 * Usage: java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xms2g -Xmx2g -cp . Pair
 *        DIR_A JAR_A DIR_B JAR_B ROUNDS   (DIR: where H.class is, compiled against that JAR)
 */
public class Pair {
    public static void main(String[] a) throws Exception {
        Method[] m = new Method[2];
        for (int k = 0; k < 2; k++) {
            URLClassLoader l = new URLClassLoader(new URL[] {Path.of(a[2 * k]).toUri().toURL(),
                Path.of(a[2 * k + 1]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            m[k] = l.loadClass("H").getMethod(System.getProperty("what", "run"));
        }
        int rounds = Integer.parseInt(a[4]);
        for (int w = 0; w < 20; w++) {
            m[0].invoke(null);
            m[1].invoke(null);
        }
        double[][] t = new double[2][rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            int first = r % 2;
            System.gc();
            t[first][r] = (double) m[first].invoke(null);
            System.gc();
            t[1 - first][r] = (double) m[1 - first].invoke(null);
            ratio[r] = t[1][r] / t[0][r];
        }
        for (double[] x : t) {
            Arrays.sort(x);
        }
        Arrays.sort(ratio);
        System.out.printf("A median %.2f ms (q1 %.2f)   B median %.2f ms (q1 %.2f)   B/A paired ratio median %.3f (q1 %.3f, q3 %.3f)%n",
                t[0][rounds / 2], t[0][rounds / 4], t[1][rounds / 2], t[1][rounds / 4], ratio[rounds / 2],
                ratio[rounds / 4], ratio[3 * rounds / 4]);
    }
}
