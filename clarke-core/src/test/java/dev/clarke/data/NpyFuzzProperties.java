package dev.clarke.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Random and mutated .npy files: read, or one line of IOException, never another exception. */
class NpyFuzzProperties {

    private static final byte[] SEED = seed();

    private static byte[] seed() {
        try {
            return Files.readAllBytes(NpyTest.sample("f8-big"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void readsOrRefuses(byte[] b) {
        try {
            Npy.decode(b, "fuzz.npy");
        } catch (IOException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith("fuzz.npy: "), e.getMessage());
        }
    }

    @Property(tries = 300)
    void randomBytes(@ForAll @Size(max = 300) byte[] b) {
        readsOrRefuses(b);
    }

    @Property(tries = 500)
    void mutatedFiles(@ForAll("mutated") byte[] b) {
        readsOrRefuses(b);
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<List<Integer>> at = Arbitraries.integers().between(0, SEED.length + 8).list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<List<Byte>> to = Arbitraries.of((byte) '9', (byte) '(', (byte) ')', (byte) ',', (byte) '\'', (byte) 0xff,
                (byte) 0, (byte) '-', (byte) 'O', (byte) '{').list().ofMinSize(4).ofMaxSize(4);
        Arbitrary<Integer> len = Arbitraries.integers().between(SEED.length - 10, SEED.length + 10);
        return Combinators.combine(at, to, len).as((ps, vs, n) -> {
            byte[] b = java.util.Arrays.copyOf(SEED, n);
            for (int i = 0; i < ps.size(); i++) {
                b[ps.get(i) % b.length] = vs.get(i);
            }
            return b;
        });
    }
}
