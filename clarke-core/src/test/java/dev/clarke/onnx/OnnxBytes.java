package dev.clarke.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Hand-built ONNX protobuf messages for tests, written field by field with the numbers of
 * onnx.proto (independently of the reader's constants: each is spelled out here again).
 */
final class OnnxBytes {

    private OnnxBytes() {
    }

    interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] msg(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            body.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] model(long opset, byte[] graph) {
        return msg(o -> {
            o.writeInt64(1, 8);                                               // ir_version
            o.writeString(2, "test");                                         // producer_name
            o.writeBytes(8, ByteString.copyFrom(msg(p -> p.writeInt64(2, opset)))); // opset_import.version
            o.writeBytes(7, ByteString.copyFrom(graph));                      // graph
        });
    }

    static byte[] graph(List<byte[]> nodes, List<byte[]> initializers, byte[] input, byte[] output) {
        return msg(o -> {
            for (byte[] n : nodes) {
                o.writeBytes(1, ByteString.copyFrom(n));
            }
            for (byte[] t : initializers) {
                o.writeBytes(5, ByteString.copyFrom(t));
            }
            o.writeBytes(11, ByteString.copyFrom(input));
            o.writeBytes(12, ByteString.copyFrom(output));
        });
    }

    static byte[] node(String name, String op, List<String> inputs, List<String> outputs, byte[]... attributes) {
        return msg(o -> {
            for (String s : inputs) {
                o.writeString(1, s);
            }
            for (String s : outputs) {
                o.writeString(2, s);
            }
            o.writeString(3, name);
            o.writeString(4, op);
            for (byte[] a : attributes) {
                o.writeBytes(5, ByteString.copyFrom(a));
            }
        });
    }

    static byte[] intAttr(String name, long v) {
        return msg(o -> {
            o.writeString(1, name);
            o.writeInt64(3, v);
            o.writeInt32(20, 2);
        });
    }

    static byte[] stringAttr(String name, String v) {
        return msg(o -> {
            o.writeString(1, name);
            o.writeBytes(4, ByteString.copyFromUtf8(v));
            o.writeInt32(20, 3);
        });
    }

    /** A FLOAT tensor with its values in float_data (packed), or in raw_data when {@code raw}. */
    static byte[] floatTensor(String name, long[] dims, float[] values, boolean raw) {
        return msg(o -> {
            for (long d : dims) {
                o.writeInt64(1, d);
            }
            o.writeInt32(2, 1);
            o.writeString(8, name);
            if (raw) {
                ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : values) {
                    b.putFloat(f);
                }
                o.writeBytes(9, ByteString.copyFrom(b.array()));
            } else {
                ByteArrayOutputStream packed = new ByteArrayOutputStream();
                ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : values) {
                    b.clear();
                    packed.write(b.putFloat(f).array(), 0, 4);
                }
                o.writeBytes(4, ByteString.copyFrom(packed.toByteArray()));
            }
        });
    }

    static byte[] int64Tensor(String name, long[] dims, long[] values) {
        return msg(o -> {
            for (long d : dims) {
                o.writeInt64(1, d);
            }
            o.writeInt32(2, 7);
            o.writeString(8, name);
            for (long v : values) {
                o.writeInt64(7, v);
            }
        });
    }

    /** A FLOAT tensor value info; a dimension −1 is written as the symbolic dim_param "batch". */
    static byte[] valueInfo(String name, long... dims) {
        byte[] shape = msg(o -> {
            for (long d : dims) {
                o.writeBytes(1, ByteString.copyFrom(msg(p -> {
                    if (d < 0) {
                        p.writeString(2, "batch");
                    } else {
                        p.writeInt64(1, d);
                    }
                })));
            }
        });
        byte[] tensorType = msg(o -> {
            o.writeInt32(1, 1);
            o.writeBytes(2, ByteString.copyFrom(shape));
        });
        byte[] type = msg(o -> o.writeBytes(1, ByteString.copyFrom(tensorType)));
        return msg(o -> {
            o.writeString(1, name);
            o.writeBytes(2, ByteString.copyFrom(type));
        });
    }

    /** x [batch, 2] → Gemm(x, W [3, 2], b [3], transB = 1) → y: y = x·Wᵀ + b. */
    static byte[] gemmModel(long opset, String op, boolean raw) {
        byte[] w = floatTensor("fc.weight", new long[] {3, 2}, new float[] {1, 0, 0, 1, 1, 1}, raw);
        byte[] b = floatTensor("fc.bias", new long[] {3}, new float[] {0, 0, 1}, raw);
        byte[] node = node("fc", op, List.of("x", "fc.weight", "fc.bias"), List.of("y"), intAttr("transB", 1));
        return model(opset, graph(List.of(node), List.of(w, b), valueInfo("x", -1, 2), valueInfo("y", -1, 3)));
    }
}
