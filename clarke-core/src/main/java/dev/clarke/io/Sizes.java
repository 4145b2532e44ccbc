package dev.clarke.io;

import java.util.Locale;

/** Byte counts for people: {@code 100 MB}, {@code 1.5 GB}, decimal units as disks are sold. */
public final class Sizes {

    private Sizes() {
    }

    /**
     * {@code n} bytes as B, kB, MB or GB.
     *
     * @param n a number of bytes, ≥ 0
     * @return it for people to read, in B, kB, MB, GB or TB (powers of 1000)
     */
    public static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }
}
