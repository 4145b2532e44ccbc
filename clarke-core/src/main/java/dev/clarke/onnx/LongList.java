package dev.clarke.onnx;

import java.util.Arrays;

/** A growable list of raw 64-bit values: the sink of a repeated protobuf field. */
final class LongList implements Wire.Sink {
    long[] data = new long[8];
    int size;

    @Override
    public void accept(long bits) {
        if (size == data.length) {
            data = Arrays.copyOf(data, 2 * size);
        }
        data[size++] = bits;
    }

    long[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
