package dev.clarke.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/**
 * The protobuf wire format, read with protobuf-java's {@link CodedInputStream} under Clarke's own
 * bounds: every length field is checked against the bytes left in the enclosing message before it
 * is used, groups (a wire type ONNX never uses, and a way to nest without limit) are refused, and
 * every failure becomes an {@link OnnxException} naming {@code where}.
 */
final class Wire {

    private final CodedInputStream in;
    private final String where;

    Wire(byte[] bytes, String where) {
        this.in = CodedInputStream.newInstance(bytes);
        this.in.setSizeLimit(Integer.MAX_VALUE);
        this.where = where;
        try {
            this.in.pushLimit(bytes.length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String where() {
        return where;
    }

    OnnxException error(String what) {
        return new OnnxException(where + ": " + what);
    }

    private OnnxException malformed(String context, IOException e) {
        return error("not a valid ONNX protobuf (" + context + ": " + oneLine(e.getMessage())
                + "); is the file complete and really a .onnx model?");
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "malformed";
        }
        int dot = s.indexOf(". ");
        String first = dot > 0 ? s.substring(0, dot) : s;
        return first.length() > 120 ? first.substring(0, 120) + "..." : first;
    }

    /** The next tag, or 0 at the end of the current message. */
    int tag(String context) {
        try {
            int tag = in.readTag();
            int type = WireFormat.getTagWireType(tag);
            if (tag != 0 && (type == WireFormat.WIRETYPE_START_GROUP || type == WireFormat.WIRETYPE_END_GROUP || type > 5)) {
                throw error("not a valid ONNX protobuf (" + context + ": field " + WireFormat.getTagFieldNumber(tag)
                        + " has wire type " + type + ", which ONNX does not use); is it really a .onnx model?");
            }
            return tag;
        } catch (IOException e) {
            throw malformed(context, e);
        }
    }

    static int field(int tag) {
        return WireFormat.getTagFieldNumber(tag);
    }

    static int type(int tag) {
        return WireFormat.getTagWireType(tag);
    }

    /** Skips the value of {@code tag} (no groups: {@link #tag} refused them). */
    void skip(int tag, String context) {
        try {
            switch (type(tag)) {
                case WireFormat.WIRETYPE_VARINT: in.readRawVarint64(); break;
                case WireFormat.WIRETYPE_FIXED64: in.skipRawBytes(8); break;
                case WireFormat.WIRETYPE_FIXED32: in.skipRawBytes(4); break;
                default: in.skipRawBytes(length(context)); break;
            }
        } catch (IOException e) {
            throw malformed(context, e);
        }
    }

    /** A length prefix, checked against the bytes left in the enclosing message. */
    int length(String context) {
        try {
            int n = in.readRawVarint32();
            int left = in.getBytesUntilLimit();
            if (n < 0 || n > left) {
                throw error("truncated or corrupt protobuf: " + context + " declares " + Integer.toUnsignedString(n)
                        + " bytes but only " + left + " remain; is the file complete?");
            }
            return n;
        } catch (IOException e) {
            throw malformed(context, e);
        }
    }

    /** Enters a length-delimited message; returns the old limit for {@link #leave}. */
    int enter(int tag, String context) {
        expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, context);
        int n = length(context);
        try {
            return in.pushLimit(n);
        } catch (IOException e) {
            throw malformed(context, e);
        }
    }

    void leave(int oldLimit) {
        in.popLimit(oldLimit);
    }

    private void expect(int tag, int wireType, String context) {
        if (type(tag) != wireType) {
            throw error("not a valid ONNX protobuf (" + context + " has wire type " + type(tag) + ", expected "
                    + wireType + "); is it really a .onnx model?");
        }
    }

    /** Reads a value of the wire type {@code wireType} with {@code read}. */
    private <T> T value(int tag, int wireType, String context, Read<T> read) {
        expect(tag, wireType, context);
        try {
            return read.get();
        } catch (IOException e) {
            throw malformed(context, e);
        }
    }

    private interface Read<T> {
        T get() throws IOException;
    }

    long varint(int tag, String context) {
        return value(tag, WireFormat.WIRETYPE_VARINT, context, in::readRawVarint64);
    }

    float fixed32Float(int tag, String context) {
        return value(tag, WireFormat.WIRETYPE_FIXED32, context, in::readFloat);
    }

    byte[] bytes(int tag, String context) {
        return value(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, context, () -> in.readRawBytes(length(context)));
    }

    /** A string field, at most {@code max} bytes of UTF-8. */
    String string(int tag, String context, int max) {
        byte[] b = bytes(tag, context);
        if (b.length > max) {
            throw error(context + " is " + b.length + " bytes long, more than the limit of " + max);
        }
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Reads a repeated scalar field, packed (one length-delimited run) or not (one value), into
     * {@code sink}; {@code width} is 4 or 8 for fixed-width values and 0 for varints.
     */
    void repeated(int tag, int width, Sink sink, String context) {
        try {
            if (type(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int n = length(context);
                if (width > 0 && n % width != 0) {
                    throw error("corrupt protobuf: " + context + " holds " + n + " bytes, not a multiple of " + width);
                }
                int old = in.pushLimit(n);
                while (in.getBytesUntilLimit() > 0) {
                    sink.accept(one(width));
                }
                in.popLimit(old);
            } else {
                expect(tag, width == 4 ? WireFormat.WIRETYPE_FIXED32 : width == 8 ? WireFormat.WIRETYPE_FIXED64
                        : WireFormat.WIRETYPE_VARINT, context);
                sink.accept(one(width));
            }
        } catch (IOException e) {
            throw malformed(context, e);
        }
    }

    private long one(int width) throws IOException {
        return width == 4 ? in.readRawLittleEndian32() & 0xffffffffL : width == 8 ? in.readRawLittleEndian64()
                : in.readRawVarint64();
    }

    /** Receives the raw bits of each element of a repeated field. */
    interface Sink {
        void accept(long bits);
    }
}
