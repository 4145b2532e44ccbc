package dev.clarke.data;

import dev.clarke.io.AtomicFile;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * NumPy's {@code .npy} format, read and written without NumPy: the magic {@code \x93NUMPY}, a
 * version (1.0: 2-byte header length; 2.0 and 3.0: 4-byte), a header that is a Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}, then the elements in C order.
 * Read: float32, float64, int64 and int32, little- or big-endian. Refused with one line saying what
 * and how to fix: Fortran order, object arrays and pickles (never unpickled), other dtypes, a
 * malformed header, and data shorter or longer than the shape says. Sizes are bounded: the header
 * by {@link #MAX_HEADER} bytes, the array by the file and {@link Integer#MAX_VALUE} elements.
 */
public final class Npy {

    /** The longest header accepted (NumPy writes a few hundred bytes). */
    public static final int MAX_HEADER = 1 << 16;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** An element type of an array. */
    public enum Type {
        /** float32 ({@code f4}). */
        F32(4),
        /** float64 ({@code f8}). */
        F64(8),
        /** int32 ({@code i4}). */
        I32(4),
        /** int64 ({@code i8}). */
        I64(8);

        final int width;

        Type(int width) {
            this.width = width;
        }

        /** {@return whether the elements are integers} */
        public boolean isInteger() {
            return this == I32 || this == I64;
        }
    }

    /**
     * An array read from a file.
     *
     * @param type   the element type
     * @param shape  the dimensions (empty for a scalar)
     * @param reals  the elements of a float array, C order, else null
     * @param ints   the elements of an integer array, C order, else null
     */
    public record Array(Type type, int[] shape, double[] reals, long[] ints) {

        /** {@return the number of elements} */
        public int size() {
            return reals != null ? reals.length : ints.length;
        }

        /** {@return the array as a tensor: float32 as F32, float64 and integers as F64} */
        public Tensor toTensor() {
            Shape s = Shape.of(shape);
            if (reals != null) {
                return Tensor.of(type == Type.F32 ? DType.F32 : DType.F64, s, reals);
            }
            double[] v = new double[ints.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = ints[i];
            }
            return Tensor.of(DType.F64, s, v);
        }

        /**
         * The elements as ints, e.g. class labels; refuses floats and values outside the int range.
         *
         * @param where names the array in errors
         * @return the elements in C order as ints
         * @throws IOException if the array holds floats or a value outside the int range
         */
        public int[] toInts(String where) throws IOException {
            if (ints == null) {
                throw new IOException(where + ": holds " + type.name().toLowerCase(java.util.Locale.ROOT)
                        + " values, integers (int32 or int64) are needed; save with x.astype(np.int64)");
            }
            int[] out = new int[ints.length];
            for (int i = 0; i < out.length; i++) {
                if (ints[i] != (int) ints[i]) {
                    throw new IOException(where + ": element " + i + " = " + ints[i] + " is outside the int range");
                }
                out[i] = (int) ints[i];
            }
            return out;
        }
    }

    private Npy() {
    }

    /**
     * Reads a file (at most 2 GB).
     *
     * @param file the .npy file
     * @return its array
     * @throws IOException if the file cannot be read, is larger than 2 GB or is not a supported
     *     .npy file
     */
    public static Array read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 64) {
            throw new IOException(file + ": " + size + " bytes, larger than the 2 GB an .npy file may have here");
        }
        return decode(Files.readAllBytes(file), file.toString());
    }

    /**
     * Decodes the bytes of an .npy file; {@code where} names it in errors.
     *
     * @param b the whole file's bytes
     * @param where names the file in errors
     * @return its array
     * @throws IOException if the bytes are not a supported .npy file, saying why
     */
    public static Array decode(byte[] b, String where) throws IOException {
        if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) {
            throw new IOException(where + ": not an .npy file (no \\x93NUMPY magic); save arrays with numpy.save");
        }
        int major = b[6] & 0xff;
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int start;
        if (major == 1) {
            headerLen = le.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw new IOException(where + ": truncated .npy header");
            }
            headerLen = le.getInt(8) & 0xffffffffL;
            start = 12;
        } else {
            throw new IOException(where + ": .npy format version " + major + " is not supported (1, 2 or 3)");
        }
        if (headerLen > MAX_HEADER || headerLen > b.length - start) {
            throw new IOException(where + ": header length " + headerLen + (headerLen > MAX_HEADER ? " exceeds the limit of " + MAX_HEADER
                    : " runs past the end of the file (" + b.length + " bytes)"));
        }
        String header = new String(b, start, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = HeaderDict.parse(header, where);
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shape = dict.get("shape");
        if (!(descr instanceof String) || !(fortran instanceof Boolean) || !(shape instanceof long[]) || dict.size() != 3) {
            throw new IOException(where + ": the header must hold exactly 'descr' (a string), 'fortran_order' (a bool) and 'shape' (a tuple), got " + header.trim());
        }
        if ((Boolean) fortran) {
            throw new IOException(where + ": the array is in Fortran order; save it in C order (np.save(f, np.ascontiguousarray(a)))");
        }
        String d = (String) descr;
        if (d.length() != 3) {
            throw new IOException(where + ": dtype '" + d + "' is not supported (" + (d.contains("O") ? "object arrays and pickles are never read; " : "")
                    + "use float32, float64, int64 or int32)");
        }
        ByteOrder order = d.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Type type = type(d.substring(1));
        if (type == null || "<>|=".indexOf(d.charAt(0)) < 0 || d.charAt(0) == '|') {
            throw new IOException(where + ": dtype '" + d + "' is not supported (" + (d.contains("O") ? "object arrays and pickles are never read; " : "")
                    + "use float32, float64, int64 or int32)");
        }
        long[] dims = (long[]) shape;
        if (dims.length > 32) {
            throw new IOException(where + ": rank " + dims.length + " exceeds the limit of 32");
        }
        int data = start + (int) headerLen;
        long avail = b.length - data;
        long count = 1;
        int[] ishape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw new IOException(where + ": dimension " + dims[i] + " of shape " + Arrays.toString(dims) + " is out of range");
            }
            count *= dims[i];
            if (count * type.width > avail) {
                throw new IOException(where + ": shape " + Arrays.toString(dims) + " of " + d + " needs more than the "
                        + avail + " data bytes the file holds");
            }
            ishape[i] = (int) dims[i];
        }
        if (count * type.width != avail) {
            throw new IOException(where + ": shape " + Arrays.toString(dims) + " of " + d + " needs " + count * type.width
                    + " data bytes, the file holds " + avail);
        }
        ByteBuffer v = ByteBuffer.wrap(b, data, (int) avail).slice().order(order);
        int n = (int) count;
        if (type.isInteger()) {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = type == Type.I64 ? v.getLong(8 * i) : v.getInt(4 * i);
            }
            return new Array(type, ishape, null, out);
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = type == Type.F64 ? v.getDouble(8 * i) : v.getFloat(4 * i);
        }
        return new Array(type, ishape, out, null);
    }

    private static Type type(String code) {
        switch (code) {
            case "f4": return Type.F32;
            case "f8": return Type.F64;
            case "i4": return Type.I32;
            case "i8": return Type.I64;
            default: return null;
        }
    }

    /**
     * The bytes of an .npy file (version 1.0, little-endian, C order) holding {@code t}: float32
     * for F32 (and narrower) tensors, float64 for F64.
     *
     * @param t the tensor to save
     * @return the whole file's bytes
     */
    public static byte[] encode(Tensor t) {
        Type type = t.dtype() == DType.F64 ? Type.F64 : Type.F32;
        ByteBuffer body = ByteBuffer.allocate(t.size() * type.width).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < t.size(); i++) {
            if (type == Type.F64) {
                body.putDouble(t.get(i));
            } else {
                body.putFloat((float) t.get(i));
            }
        }
        return withHeader(type == Type.F64 ? "<f8" : "<f4", t.shape().dims(), body.array());
    }

    /**
     * The bytes of an .npy file holding int64 values (e.g. labels) of the given shape.
     *
     * @param shape the array's shape
     * @param values the elements in C order, as many as the shape holds
     * @return the whole file's bytes
     */
    public static byte[] encodeInts(int[] shape, long[] values) {
        ByteBuffer body = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            body.putLong(v);
        }
        return withHeader("<i8", shape, body.array());
    }

    private static byte[] withHeader(String descr, int[] shape, byte[] body) {
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)" : shape.length == 0 ? "()"
                : "(" + String.join(", ", Arrays.stream(shape).mapToObj(Integer::toString).toArray(String[]::new)) + ")";
        StringBuilder h = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + tuple + ", }");
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + header.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header).put(body);
        return out.array();
    }

    /**
     * Writes {@code bytes} to {@code file} atomically ({@link AtomicFile}: a temporary file in the
     * same directory, forced to disk, then renamed); refuses to replace an existing file
     * ({@link java.nio.file.FileAlreadyExistsException}) unless {@code overwrite}.
     *
     * @param file the file to write
     * @param bytes the whole contents, e.g. from {@link #encode}
     * @param overwrite whether an existing file may be replaced
     * @throws java.nio.file.FileAlreadyExistsException if the file exists and {@code overwrite} is
     *     false
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, byte[] bytes, boolean overwrite) throws IOException {
        AtomicFile.write(file, overwrite, bytes);
    }

    /** The header dict: string keys; string, bool and int-tuple values; nothing else. */
    private static final class HeaderDict {
        private final String s;
        private final String where;
        private int i;

        private HeaderDict(String s, String where) {
            this.s = s;
            this.where = where;
        }

        static Map<String, Object> parse(String s, String where) throws IOException {
            HeaderDict p = new HeaderDict(s, where);
            Map<String, Object> out = p.dict();
            p.space();
            if (p.i != s.length()) {
                throw p.bad("text after the dict");
            }
            return out;
        }

        private IOException bad(String what) {
            String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
            return new IOException(where + ": malformed .npy header (" + what + " at character " + i + "): "
                    + shown.replace('\n', ' ').trim());
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private void expect(char c) throws IOException {
            space();
            if (i >= s.length() || s.charAt(i) != c) {
                throw bad("expected '" + c + "'");
            }
            i++;
        }

        private boolean peek(char c) {
            space();
            return i < s.length() && s.charAt(i) == c;
        }

        private Map<String, Object> dict() throws IOException {
            Map<String, Object> out = new HashMap<>();
            expect('{');
            while (!peek('}')) {
                String key = string();
                expect(':');
                if (out.put(key, value()) != null) {
                    throw bad("key '" + key + "' twice");
                }
                if (!peek('}')) {
                    expect(',');
                }
            }
            expect('}');
            return out;
        }

        private Object value() throws IOException {
            space();
            if (peek('\'') || peek('"')) {
                return string();
            }
            if (peek('(')) {
                return tuple();
            }
            for (String word : new String[] {"True", "False"}) {
                if (s.startsWith(word, i)) {
                    i += word.length();
                    return word.equals("True");
                }
            }
            throw bad("unexpected value");
        }

        private String string() throws IOException {
            space();
            char q = i < s.length() ? s.charAt(i) : 0;
            if (q != '\'' && q != '"') {
                throw bad("expected a string");
            }
            int end = s.indexOf(q, i + 1);
            if (end < 0 || end - i > 256) {
                throw bad("unterminated string");
            }
            String out = s.substring(i + 1, end);
            i = end + 1;
            return out;
        }

        private long[] tuple() throws IOException {
            expect('(');
            long[] out = new long[0];
            while (!peek(')')) {
                int st = i;
                while (i < s.length() && i - st < 18 && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (i == st || i < s.length() && Character.isDigit(s.charAt(i))) {
                    throw bad("expected a dimension");
                }
                if (out.length >= 64) {
                    throw bad("too many dimensions");
                }
                out = Arrays.copyOf(out, out.length + 1);
                out[out.length - 1] = Long.parseLong(s.substring(st, i));
                if (!peek(')')) {
                    expect(',');
                }
            }
            expect(')');
            return out;
        }
    }
}
