package dev.clarke.train;

import dev.clarke.io.AtomicFile;
import dev.clarke.io.BoundedRead;
import dev.clarke.io.Sizes;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format (Hugging Face), read and written without dependencies: an unsigned 64-bit
 * little-endian header length N, N bytes of UTF-8 JSON mapping each tensor name to
 * {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets into the data that follows) plus an
 * optional {@code "__metadata__"} map of strings, then the little-endian data. Clarke writes F64, F32,
 * BF16 and F16 and pads the header with spaces to a multiple of 8. Reading is strict: a header longer
 * than {@link #MAX_HEADER} bytes or than the file, malformed JSON, an unknown dtype, a shape that does
 * not match the byte range, or byte ranges that overlap, leave gaps or run past the end are each
 * refused with an {@link IOException} saying what is wrong.
 */
public final class SafeTensors {

    /** The largest header accepted: 100 MB, as the reference implementation. */
    public static final long MAX_HEADER = 100_000_000L;

    /**
     * A read file.
     *
     * @param tensors  the tensors by name, in header order
     * @param metadata the {@code __metadata__} strings (empty if none)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    private SafeTensors() {
    }

    private static String code(DType t) {
        switch (t) {
            case F64: return "F64";
            case F32: return "F32";
            case BF16: return "BF16";
            default: return "F16";
        }
    }

    private static int width(DType t) {
        return t == DType.F64 ? 8 : t == DType.F32 ? 4 : 2;
    }

    /**
     * The bytes of a file holding {@code tensors} (each stored in its own dtype, in the map's order) and
     * {@code metadata} (keys sorted, so that the same contents always give the same bytes).
     *
     * @param tensors the tensors by name
     * @param metadata the metadata
     * @return the file's bytes
     */
    public static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
        StringBuilder h = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            h.append("\"__metadata__\":{");
            int k = 0;
            for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
                h.append(k++ == 0 ? "" : ",").append(HeaderJson.quote(e.getKey())).append(':').append(HeaderJson.quote(e.getValue()));
            }
            h.append('}');
        }
        long off = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long len = (long) t.size() * width(t.dtype());
            h.append(h.length() == 1 ? "" : ",").append(HeaderJson.quote(e.getKey())).append(":{\"dtype\":\"")
                    .append(code(t.dtype())).append("\",\"shape\":[");
            for (int d = 0; d < t.rank(); d++) {
                h.append(d == 0 ? "" : ",").append(t.shape().dim(d));
            }
            h.append("],\"data_offsets\":[").append(off).append(',').append(off + len).append("]}");
            off += len;
        }
        h.append('}');
        while (h.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            h.append(' ');
        }
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate((int) (8 + header.length + off)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        for (Tensor t : tensors.values()) {
            for (int i = 0; i < t.size(); i++) {
                double v = t.get(i);
                switch (t.dtype()) {
                    case F64: b.putDouble(v); break;
                    case F32: b.putFloat((float) v); break;
                    case BF16: b.putShort((short) (Float.floatToRawIntBits((float) v) >>> 16)); break;
                    default: b.putShort(Half.toBits((float) v)); break;
                }
            }
        }
        return b.array();
    }

    /**
     * Writes a new file atomically; an existing {@code file} is refused ({@link java.nio.file.FileAlreadyExistsException}).
     *
     * @param file the file to create
     * @param tensors the tensors by name
     * @param metadata the metadata
     * @throws IOException when the file exists or cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        write(file, tensors, metadata, false);
    }

    /**
     * Writes a file atomically (temporary file, flushed, renamed: see {@link AtomicFile}), replacing an
     * existing one only if {@code replace}.
     *
     * @param file the file to write
     * @param tensors the tensors by name
     * @param metadata the metadata
     * @param replace whether an existing file may be replaced
     * @throws IOException when the file cannot be written, or exists and {@code replace} is false
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, boolean replace) throws IOException {
        AtomicFile.write(file, replace, encode(tensors, metadata));
    }

    /**
     * Reads a file, refusing malformed or oversized headers. The file is streamed: the header is read
     * first and the data only up to what the header's tensors span, so a device or a file that claims
     * more than it holds costs no more memory than it actually delivers.
     *
     * @param file the safetensors file
     * @return its tensors and metadata
     * @throws IOException when the file cannot be read or is malformed
     */
    public static Contents read(Path file) throws IOException {
        String where = file.toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            byte[] len = in.readNBytes(8);
            if (len.length < 8) {
                return decode(len, where);
            }
            long n = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 0 || n > MAX_HEADER) {
                throw new IOException(where + ": header length " + Long.toUnsignedString(n) + " exceeds the limit of " + MAX_HEADER + " bytes");
            }
            byte[] header;
            try {
                header = BoundedRead.exactly(in, (int) n, where);
            } catch (java.io.EOFException e) {
                throw new IOException(where + ": header length " + n + " runs past the end of the file");
            }
            long data = declaredData(header);
            if (data < 0) {
                return decode(concat(len, header, new byte[0]), where);
            }
            if (data > Integer.MAX_VALUE - 16 - 8 - n) {
                throw new IOException(where + ": the tensors span " + Sizes.bytes(data) + ", more than the 2 GB supported");
            }
            long free = Runtime.getRuntime().maxMemory() / 3;
            if (data > free) {
                throw new IOException(where + ": the tensors span " + Sizes.bytes(data) + ", more than this JVM can hold ("
                        + Sizes.bytes(free) + "); raise the heap with -Xmx");
            }
            byte[] rest;
            try {
                rest = BoundedRead.stream(in, data, where);
            } catch (BoundedRead.TooLargeException e) {
                throw new IOException(where + ": more data bytes than the header's tensors span (" + data + ")");
            }
            return decode(concat(len, header, rest), where);
        }
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] all = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }

    /** The largest end of any tensor's data_offsets in a header, or -1 if the header is malformed (decode then says how). */
    private static long declaredData(byte[] header) {
        Object root;
        try {
            root = HeaderJson.parse(new String(header, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return -1;
        }
        long end = 0;
        if (root instanceof Map) {
            for (Object v : ((Map<?, ?>) root).values()) {
                if (v instanceof Map && ((Map<?, ?>) v).get("data_offsets") instanceof List) {
                    for (Object o : (List<?>) ((Map<?, ?>) v).get("data_offsets")) {
                        if (o instanceof Long && (Long) o > end) {
                            end = (Long) o;
                        }
                    }
                }
            }
        }
        return end;
    }

    /**
     * Decodes the bytes of a file; {@code where} names it in errors.
     *
     * @param bytes the file's bytes
     * @param where the file's name for error messages
     * @return its tensors and metadata
     * @throws IOException when the bytes are malformed
     */
    public static Contents decode(byte[] bytes, String where) throws IOException {
        if (bytes.length < 8) {
            throw new IOException(where + ": not a safetensors file: " + bytes.length + " bytes, shorter than the 8-byte header length");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        if (n < 0 || n > MAX_HEADER) {
            throw new IOException(where + ": header length " + Long.toUnsignedString(n) + " exceeds the limit of " + MAX_HEADER + " bytes");
        }
        if (n > bytes.length - 8) {
            throw new IOException(where + ": header length " + n + " runs past the end of the file (" + bytes.length + " bytes)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(where + ": the header is not UTF-8");
        }
        if (!text.startsWith("{")) {
            throw new IOException(where + ": the header does not start with '{'");
        }
        Object root;
        try {
            root = HeaderJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage());
        }
        int dataStart = 8 + (int) n;
        int dataLen = bytes.length - dataStart;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        for (Map.Entry<String, Object> e : asMap(root, where, "the header").entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                for (Map.Entry<String, Object> m : asMap(e.getValue(), where, "__metadata__").entrySet()) {
                    if (!(m.getValue() instanceof String)) {
                        throw new IOException(where + ": __metadata__ value of '" + m.getKey() + "' is not a string");
                    }
                    meta.put(m.getKey(), (String) m.getValue());
                }
                continue;
            }
            Map<String, Object> info = asMap(e.getValue(), where, "tensor '" + name + "'");
            DType t = dtype(info.get("dtype"), where, name);
            List<Long> shape = longs(info.get("shape"), where, name, "shape");
            List<Long> offs = longs(info.get("data_offsets"), where, name, "data_offsets");
            if (offs.size() != 2 || offs.get(0) > offs.get(1) || offs.get(1) > dataLen) {
                throw new IOException(where + ": tensor '" + name + "' has data_offsets " + offs + " outside the " + dataLen + " data bytes");
            }
            long count = 1;
            int[] dims = new int[shape.size()];
            for (int d = 0; d < dims.length; d++) {
                if (shape.get(d) > Integer.MAX_VALUE) {
                    throw new IOException(where + ": tensor '" + name + "' has dimension " + shape.get(d) + ", too large");
                }
                dims[d] = (int) (long) shape.get(d);
                count *= dims[d];
                if (count > dataLen) {
                    throw new IOException(where + ": tensor '" + name + "' has shape " + shape + ", more elements than the file holds");
                }
            }
            if (count * width(t) != offs.get(1) - offs.get(0)) {
                throw new IOException(where + ": tensor '" + name + "' has shape " + shape + " of " + code(t) + " ("
                        + count * width(t) + " bytes) but data_offsets " + offs + " span " + (offs.get(1) - offs.get(0)) + " bytes");
            }
            ranges.add(new long[] {offs.get(0), offs.get(1)});
            tensors.put(name, tensor(b, dataStart + (int) (long) offs.get(0), t, Shape.of(dims), (int) count));
        }
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        long at = 0;
        for (long[] r : ranges) {
            if (r[0] != at) {
                throw new IOException(where + ": tensor byte ranges " + (r[0] < at ? "overlap" : "leave a gap") + " at data offset " + Math.min(at, r[0]));
            }
            at = r[1];
        }
        if (at != dataLen) {
            throw new IOException(where + ": " + (dataLen - at) + " data bytes after the last tensor");
        }
        return new Contents(tensors, meta);
    }

    private static Tensor tensor(ByteBuffer b, int pos, DType t, Shape s, int count) {
        if (t == DType.F64) {
            double[] v = new double[count];
            for (int i = 0; i < count; i++) {
                v[i] = b.getDouble(pos + 8 * i);
            }
            return Tensor.wrap(s, v);
        }
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            switch (t) {
                case F32: v[i] = b.getFloat(pos + 4 * i); break;
                case BF16: v[i] = Float.intBitsToFloat((b.getShort(pos + 2 * i) & 0xffff) << 16); break;
                default: v[i] = Half.toFloat(b.getShort(pos + 2 * i)); break;
            }
        }
        return Tensor.wrap(s, t, v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o, String where, String what) throws IOException {
        if (!(o instanceof Map)) {
            throw new IOException(where + ": " + what + " is not a JSON object");
        }
        return (Map<String, Object>) o;
    }

    private static DType dtype(Object o, String where, String name) throws IOException {
        if ("F64".equals(o)) {
            return DType.F64;
        }
        if ("F32".equals(o)) {
            return DType.F32;
        }
        if ("BF16".equals(o)) {
            return DType.BF16;
        }
        if ("F16".equals(o)) {
            return DType.F16;
        }
        throw new IOException(where + ": tensor '" + name + "' has dtype " + o + ": only F64, F32, BF16 and F16 are supported");
    }

    private static List<Long> longs(Object o, String where, String name, String field) throws IOException {
        if (!(o instanceof List)) {
            throw new IOException(where + ": tensor '" + name + "' has no " + field + " array");
        }
        List<Long> out = new ArrayList<>();
        for (Object x : (List<?>) o) {
            if (!(x instanceof Long) || (Long) x < 0) {
                throw new IOException(where + ": tensor '" + name + "' has " + field + " entry " + x + ", not a non-negative integer");
            }
            out.add((Long) x);
        }
        return out;
    }
}
