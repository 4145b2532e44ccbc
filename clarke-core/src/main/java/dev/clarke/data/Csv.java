package dev.clarke.data;

import dev.clarke.tensor.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV data: one sample per line, comma-separated numbers, the class label (an integer ≥ 0) in the
 * last column and the features before it. A first line that is not all numbers is a header and is
 * skipped; blank lines are skipped. Every line must have the same number of columns. The number of
 * classes is the largest label plus one.
 */
public final class Csv {

    private Csv() {
    }

    /** Reads a CSV file. */
    public static Dataset read(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.getFileName().toString());
        }
    }

    /** Parses CSV text from a reader. */
    public static Dataset parse(BufferedReader r, String name) throws IOException {
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int cols = -1;
        int lineNo = 0;
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            String[] parts = s.split(",", -1);
            double[] v = new double[parts.length];
            boolean numeric = true;
            for (int i = 0; i < parts.length && numeric; i++) {
                try {
                    v[i] = Double.parseDouble(parts[i].strip());
                } catch (NumberFormatException e) {
                    numeric = false;
                }
            }
            if (!numeric) {
                if (rows.isEmpty() && cols < 0) {
                    cols = parts.length;   // header
                    continue;
                }
                throw new IOException(name + " line " + lineNo + ": not a number in '" + s + "'");
            }
            if (parts.length < 2) {
                throw new IOException(name + " line " + lineNo + ": need at least one feature and a label");
            }
            if (cols >= 0 && parts.length != cols) {
                throw new IOException(name + " line " + lineNo + ": " + parts.length + " columns, expected " + cols);
            }
            cols = parts.length;
            double lab = v[cols - 1];
            if (lab < 0 || lab != Math.rint(lab) || lab > 1_000_000) {
                throw new IOException(name + " line " + lineNo + ": the label (last column) must be an integer >= 0, got "
                        + parts[cols - 1].strip());
            }
            float[] f = new float[cols - 1];
            for (int i = 0; i < f.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new IOException(name + " line " + lineNo + ": feature " + (i + 1) + " is not finite");
                }
                f[i] = (float) v[i];
            }
            rows.add(f);
            labels.add((int) lab);
        }
        if (rows.isEmpty()) {
            throw new IOException(name + ": no data rows");
        }
        int f = cols - 1;
        float[] x = new float[rows.size() * f];
        int[] y = new int[rows.size()];
        int classes = 0;
        for (int i = 0; i < y.length; i++) {
            System.arraycopy(rows.get(i), 0, x, i * f, f);
            y[i] = labels.get(i);
            classes = Math.max(classes, y[i] + 1);
        }
        return new Dataset(name, x, y, Shape.of(f), Math.max(classes, 2));
    }
}
