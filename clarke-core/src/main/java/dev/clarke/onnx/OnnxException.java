package dev.clarke.onnx;

/**
 * A model file Clarke cannot import, said in one line: what is wrong, where (the file, the node,
 * the tensor) and, where there is one, how to fix it. An unsupported operator or attribute value,
 * a malformed or truncated protobuf, a length field past the end of the file, tensor data that
 * disagrees with its declared shape, and every exceeded limit end here — never in another
 * exception, never in a silently different network.
 */
public final class OnnxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * The one-line message.
     *
     * @param message what is wrong, where and how to fix it; line breaks become spaces
     */
    public OnnxException(String message) {
        super(message.replace('\n', ' '));
    }
}
