package dev.clarke.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.tensor.DType;
import dev.clarke.tensor.Shape;
import dev.clarke.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy files written by NumPy (tools/make-onnx-fixtures.py), each arange(6) shaped (2, 3), and the refusals. */
class NpyTest {

    static Path sample(String name) throws Exception {
        return Paths.get(NpyTest.class.getResource("/npy/" + name + ".npy").toURI());
    }

    static String refusal(String name) throws Exception {
        IOException e = assertThrows(IOException.class, () -> Npy.read(sample(name)));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsEveryDtypeAndByteOrderNumPyWrites() throws Exception {
        for (String name : new String[] {"f4", "f8-big", "i8", "i4-big", "v2"}) {
            Npy.Array a = Npy.read(sample(name));
            assertArrayEquals(new int[] {2, 3}, a.shape(), name);
            assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, a.toTensor().toDoubleArray(), name);
        }
        assertEquals(DType.F32, Npy.read(sample("f4")).toTensor().dtype());
        assertEquals(Npy.Type.I64, Npy.read(sample("i8")).type());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, Npy.read(sample("i4-big")).toInts("labels"));
        Npy.Array s = Npy.read(sample("scalar"));
        assertEquals(0, s.shape().length);
        assertEquals(2.5, s.reals()[0]);
    }

    @Test
    void refusesFortranOrderObjectsAndOtherDtypes() throws Exception {
        assertTrue(refusal("fortran").contains("Fortran order; save it in C order"), refusal("fortran"));
        assertTrue(refusal("object").contains("object arrays and pickles are never read"), refusal("object"));
        assertTrue(refusal("u1").contains("dtype '|u1' is not supported"), refusal("u1"));
        IOException e = assertThrows(IOException.class, () -> Npy.read(sample("f4")).toInts("x.npy"));
        assertTrue(e.getMessage().contains("integers (int32 or int64) are needed"), e.getMessage());
    }

    @Test
    void refusesSizesThatDisagreeWithTheFile() throws Exception {
        byte[] good = Files.readAllBytes(sample("f8-big"));
        IOException shorter = assertThrows(IOException.class, () -> Npy.decode(Arrays.copyOf(good, good.length - 1), "a.npy"));
        assertTrue(shorter.getMessage().contains("needs more than the 47 data bytes the file holds"), shorter.getMessage());
        IOException longer = assertThrows(IOException.class, () -> Npy.decode(Arrays.copyOf(good, good.length + 8), "a.npy"));
        assertTrue(longer.getMessage().contains("needs 48 data bytes, the file holds 56"), longer.getMessage());
        IOException magic = assertThrows(IOException.class, () -> Npy.decode("PK\3\4 a zip".getBytes(StandardCharsets.UTF_8), "a.npz"));
        assertTrue(magic.getMessage().contains("not an .npy file"), magic.getMessage());
    }

    @Test
    void refusesMalformedHeaders() {
        String[] headers = {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}",
            "{'descr': '<f4', 'fortran_order': False}", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,) ",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", "__import__('os').system('true')"};
        for (String h : headers) {
            byte[] b = withHeader(h, new byte[8]);
            IOException e = assertThrows(IOException.class, () -> Npy.decode(b, "h.npy"), h);
            assertTrue(e.getMessage().startsWith("h.npy: "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    static byte[] withHeader(String header, byte[] data) {
        byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + h.length + data.length];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, (byte) (h.length >> 8)};
        System.arraycopy(magic, 0, out, 0, 10);
        System.arraycopy(h, 0, out, 10, h.length);
        System.arraycopy(data, 0, out, 10 + h.length, data.length);
        return out;
    }

    @Test
    void writesWhatItReadsAndNeverOverwritesUnasked(@TempDir Path dir) throws Exception {
        Tensor t = Tensor.of(DType.F32, Shape.of(2, 2, 1), 1.5, -2, 0, 3.25);
        Path f = dir.resolve("t.npy");
        Npy.write(f, Npy.encode(t), false);
        Npy.Array a = Npy.read(f);
        assertArrayEquals(new int[] {2, 2, 1}, a.shape());
        assertArrayEquals(t.toDoubleArray(), a.reals());
        assertEquals(Npy.Type.F32, a.type());
        // NumPy pads the header so the data starts at a multiple of 64
        assertEquals(0, (Files.size(f) - 16) % 64);
        assertThrows(FileAlreadyExistsException.class, () -> Npy.write(f, Npy.encode(t), false));
        Npy.write(f, Npy.encodeInts(new int[] {3}, new long[] {7, -1, 2}), true);
        assertArrayEquals(new int[] {7, -1, 2}, Npy.read(f).toInts("t.npy"));
        assertEquals(1, Files.list(dir).count()); // no temporary file left behind
    }
}
