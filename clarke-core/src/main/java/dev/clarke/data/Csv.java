package dev.clarke.data;

import dev.clarke.tensor.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV data, read with Apache Commons CSV (RFC 4180: fields may be quoted, with {@code ""} for a
 * quote and line breaks inside quotes). One sample per record: the features, numbers, then the class
 * label in the last column. A UTF-8 byte-order mark is skipped, blank lines are skipped, spaces
 * around a field are ignored.
 *
 * <p><b>Header rule.</b> The first record is a header, and is not a sample, when one of its feature
 * cells (every column but the last) is not a number, or when its label cell is not a number while
 * every later record's label is. Nothing else is guessed: a later record with a cell that is not a
 * number is an error.
 *
 * <p><b>Labels.</b> When every label is an integer in [0, 1,000,000], it is the class index and the
 * number of classes is the largest label plus one. Otherwise the labels are names: the distinct
 * names, sorted (by {@link String#compareTo}), are classes 0, 1, … and {@link Table#classNames()}
 * reports them. A label that is a number but not such an integer, among integer labels, is an error.
 *
 * <p><b>Regression.</b> {@link #readRegression} reads the last column as a real-valued target
 * instead (every target a finite number), for a loss such as MSE; the header rule is the same.
 *
 * <p><b>No silent loss.</b> Every record must have as many cells as the first; a missing or empty
 * cell, a feature that is not a finite number, more than {@value #MAX_CELLS} cells in all or more
 * than {@value #MAX_CLASSES} distinct labels after the first record is an error naming the line. Records after the first
 * are kept as floats as they are read, so memory grows with the number of values, not the text.
 */
public final class Csv {

    /** The most cells a file may have in all (features and labels). */
    public static final long MAX_CELLS = 200_000_000L;

    /** The most distinct labels a file may have (class names or indices). */
    public static final int MAX_CLASSES = 100_000;

    /** The largest class index a numeric label may be. */
    public static final int MAX_LABEL = 1_000_000;

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(false)   // skipped here, so that every record knows its line
            .get();

    private Csv() {
    }

    /**
     * A CSV file read as a data set.
     *
     * @param data       the samples, named after the file
     * @param header     the header's cells, or an empty list when the first record is data
     * @param classNames the class of each index when the labels are names, or an empty list when the
     *                   labels are class indices
     */
    public record Table(Dataset data, List<String> header, List<String> classNames) {

        /**
         * Copies the lists.
         *
         * @param data the samples
         * @param header the header's cells, or empty
         * @param classNames the class names, or empty
         */
        public Table {
            header = List.copyOf(header);
            classNames = List.copyOf(classNames);
        }
    }

    /**
     * Reads a CSV file as a data set.
     *
     * @param file a UTF-8 CSV file
     * @return its samples
     * @throws IOException when the file cannot be read or breaks the rules above (the message names the line)
     */
    public static Dataset read(Path file) throws IOException {
        return readTable(file).data();
    }

    /**
     * Reads a CSV file with its header and class names.
     *
     * @param file a UTF-8 CSV file
     * @return its samples, header and class names
     * @throws IOException when the file cannot be read or breaks the rules above (the message names the line)
     */
    public static Table readTable(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parseTable(r, file.getFileName().toString());
        }
    }

    /**
     * Parses CSV text as a data set.
     *
     * @param r    the text
     * @param name the data set's name, also used in error messages
     * @return its samples
     * @throws IOException when the text cannot be read or breaks the rules above (the message names the line)
     */
    public static Dataset parse(Reader r, String name) throws IOException {
        return parseTable(r, name).data();
    }

    /**
     * Parses CSV text with its header and class names.
     *
     * @param r    the text
     * @param name the data set's name, also used in error messages
     * @return its samples, header and class names
     * @throws IOException when the text cannot be read or breaks the rules above (the message names the line)
     */
    public static Table parseTable(Reader r, String name) throws IOException {
        Records recs = records(skipByteOrderMark(r), name);
        List<String> header = List.of();
        List<Row> rows = new ArrayList<>(recs.rest().size() + 1);
        if (isHeader(recs)) {
            header = List.of(recs.first());
            if (recs.rest().isEmpty()) {
                throw new IOException(name + ": a header and no data rows");
            }
        } else {
            rows.add(row(recs.firstLine(), recs.first(), name, new HashMap<>()));
        }
        rows.addAll(recs.rest());
        int f = recs.first().length - 1;
        float[] x = new float[rows.size() * f];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i).features(), 0, x, i * f, f);
        }
        int[] y = new int[rows.size()];
        List<String> classNames = labels(rows, y, name);
        int classes = classNames.isEmpty() ? 0 : classNames.size();
        for (int label : y) {
            classes = Math.max(classes, label + 1);
        }
        return new Table(new Dataset(name, x, y, Shape.of(f), Math.max(classes, 2)), header, classNames);
    }

    /**
     * Reads a CSV file whose last column is a real-valued target (regression).
     *
     * @param file a UTF-8 CSV file
     * @return its samples, with {@link Dataset#targets} set
     * @throws IOException when the file cannot be read, breaks the rules above or a target is not a finite number
     */
    public static Dataset readRegression(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parseRegression(r, file.getFileName().toString());
        }
    }

    /**
     * Parses CSV text whose last column is a real-valued target (regression).
     *
     * @param r    the text
     * @param name the data set's name, also used in error messages
     * @return its samples, with {@link Dataset#targets} set
     * @throws IOException when the text cannot be read, breaks the rules above or a target is not a finite number
     */
    public static Dataset parseRegression(Reader r, String name) throws IOException {
        Records recs = records(skipByteOrderMark(r), name);
        List<Row> rows = new ArrayList<>(recs.rest().size() + 1);
        if (!isHeader(recs)) {
            rows.add(row(recs.firstLine(), recs.first(), name, new HashMap<>()));
        } else if (recs.rest().isEmpty()) {
            throw new IOException(name + ": a header and no data rows");
        }
        rows.addAll(recs.rest());
        int f = recs.first().length - 1;
        float[] x = new float[rows.size() * f];
        float[] t = new float[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            System.arraycopy(row.features(), 0, x, i * f, f);
            double v = number(row.label());
            if (!Double.isFinite(v) || !Float.isFinite((float) v)) {
                throw new IOException(name + " line " + row.line() + ": the target (last column) must be a finite number,"
                        + " got '" + row.label() + "'");
            }
            t[i] = (float) v;
        }
        return Dataset.regression(name, x, t, Shape.of(f));
    }

    /** One data record: the line it starts on, its features and its label. */
    private record Row(long line, float[] features, String label) {
    }

    /** The first record as text (it may be a header) and the data records after it. */
    private record Records(long firstLine, String[] first, List<Row> rest) {
    }

    /**
     * Reads every record, checking cell counts and empty cells; every record after the first becomes
     * a {@link Row} at once (its features are numbers), so memory holds floats, not text. Equal labels
     * share one string.
     */
    private static Records records(Reader r, String name) throws IOException {
        long firstLine = 0;
        String[] first = null;
        List<Row> rest = new ArrayList<>();
        Map<String, String> labels = new HashMap<>();
        long cells = 0;
        try (CSVParser parser = CSVParser.builder().setReader(r).setFormat(FORMAT).get()) {
            long line = 1;
            for (CSVRecord rec : parser) {
                long start = line;
                line = parser.getCurrentLineNumber() + 1;
                if (rec.size() == 1 && rec.get(0).isBlank()) {
                    continue;
                }
                String[] cs = rec.values();
                if (first != null && cs.length != first.length) {
                    throw new IOException(name + " line " + start + ": " + cs.length + " cells, expected " + first.length
                            + " as on the first line (a missing or extra cell?)");
                }
                for (int j = 0; j < cs.length; j++) {
                    if (cs[j].isEmpty()) {
                        throw new IOException(name + " line " + start + ", column " + (j + 1) + ": empty cell");
                    }
                }
                cells += cs.length;
                if (cells > MAX_CELLS) {
                    throw new IOException(name + " line " + start + ": more than " + MAX_CELLS + " cells");
                }
                if (first == null) {
                    if (cs.length < 2) {
                        throw new IOException(name + " line " + start + ": need at least one feature and a label,"
                                + " separated by commas");
                    }
                    firstLine = start;
                    first = cs;
                } else {
                    rest.add(row(start, cs, name, labels));
                }
            }
        } catch (UncheckedIOException e) {
            // Commons CSV reports malformed input (e.g. an unclosed quote) this way.
            throw new IOException(name + ": " + e.getCause().getMessage(), e);
        }
        if (first == null) {
            throw new IOException(name + ": no data rows");
        }
        return new Records(firstLine, first, rest);
    }

    /** A data record's features as floats; its label, shared with equal labels through {@code labels}. */
    private static Row row(long line, String[] cells, String name, Map<String, String> labels) throws IOException {
        int f = cells.length - 1;
        float[] x = new float[f];
        for (int j = 0; j < f; j++) {
            double v = number(cells[j]);
            if (!Double.isFinite(v)) {
                throw new IOException(name + " line " + line + ", column " + (j + 1) + ": '" + cells[j]
                        + "' is not a finite number (every column but the last holds features)");
            }
            x[j] = (float) v;
        }
        String label = labels.computeIfAbsent(cells[f], k -> k);
        if (labels.size() > MAX_CLASSES) {
            throw new IOException(name + " line " + line + ": more than " + MAX_CLASSES + " distinct labels");
        }
        return new Row(line, x, label);
    }

    /** The header rule of the class comment. */
    private static boolean isHeader(Records recs) {
        String[] first = recs.first();
        int f = first.length - 1;
        for (int j = 0; j < f; j++) {
            if (Double.isNaN(number(first[j])) && !first[j].equalsIgnoreCase("nan")) {
                return true;
            }
        }
        if (!Double.isNaN(number(first[f])) || recs.rest().isEmpty()) {
            return false;
        }
        for (Row row : recs.rest()) {
            if (Double.isNaN(number(row.label()))) {
                return false;
            }
        }
        return true;
    }

    /** Fills {@code y}; returns the sorted class names when the labels are names, else an empty list. */
    private static List<String> labels(List<Row> rows, int[] y, String name) throws IOException {
        boolean indices = true;
        for (Row row : rows) {
            if (Double.isNaN(number(row.label()))) {
                indices = false;
                break;
            }
        }
        if (indices) {
            for (int i = 0; i < y.length; i++) {
                Row row = rows.get(i);
                double v = number(row.label());
                if (v < 0 || v != Math.rint(v) || v > MAX_LABEL) {
                    throw new IOException(name + " line " + row.line() + ": the label (last column) must be an integer in [0, "
                            + MAX_LABEL + "] or a class name, got " + row.label());
                }
                y[i] = (int) v;
            }
            return List.of();
        }
        TreeMap<String, Integer> index = new TreeMap<>();
        for (Row row : rows) {
            index.put(row.label(), 0);
        }
        List<String> names = new ArrayList<>(index.keySet());
        for (int k = 0; k < names.size(); k++) {
            index.put(names.get(k), k);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = index.get(rows.get(i).label());
        }
        return names;
    }

    /** The cell as a number, or NaN when it is not one (Java's decimal syntax; no hex, no type suffix). */
    private static double number(String cell) {
        String s = cell.strip();
        if (s.isEmpty() || s.length() > 100) {
            return Double.NaN;
        }
        char last = Character.toLowerCase(s.charAt(s.length() - 1));
        if (last == 'd' || last == 'f' || s.contains("x") || s.contains("X")) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static Reader skipByteOrderMark(Reader r) throws IOException {
        BufferedReader b = r instanceof BufferedReader br ? br : new BufferedReader(r);
        b.mark(1);
        if (b.read() != '\uFEFF') {
            b.reset();
        }
        return b;
    }
}
