package dev.clarke.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Reading up to a declared maximum from streams that end, that never end, and that end early. */
class BoundedReadTest {

    /** A stream of zeros that never ends, like /dev/zero. */
    private static InputStream endless() {
        return new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
    }

    @Test
    void readsAStreamWithinTheLimit() throws IOException {
        byte[] data = new byte[200_000];
        data[199_999] = 7;
        assertArrayEquals(data, BoundedRead.stream(new ByteArrayInputStream(data), 200_000, "s"));
    }

    @Test
    void anEndlessStreamStopsOneByteAfterTheLimit() {
        IOException e = assertThrows(BoundedRead.TooLargeException.class, () -> BoundedRead.stream(endless(), 1_000_000, "zeros"));
        assertTrue(e.getMessage().contains("zeros") && e.getMessage().contains("1 MB"), e.getMessage());
    }

    /** A length field claiming 2 GB over 10 bytes of data: an EOF after 10 bytes, without allocating 2 GB first. */
    @Test
    void aClaimedLengthIsNotTrusted() {
        EOFException e = assertThrows(EOFException.class,
                () -> BoundedRead.exactly(new ByteArrayInputStream(new byte[10]), Integer.MAX_VALUE - 16, "f"));
        assertTrue(e.getMessage().contains("10 of the"), e.getMessage());
    }
}
