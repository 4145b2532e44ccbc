package dev.clarke.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The digits' number parser rounds every token to the float the JDK's decimal conversion gives. */
class NpmMnistNumbersTest {

    private static float[] parse(List<String> tokens, String sep) throws IOException {
        String json = "{ \"data\": [" + String.join(sep, tokens) + "] }";
        return NpmMnist.numbers(json.getBytes(StandardCharsets.US_ASCII), "test");
    }

    private static void assertSameBits(List<String> tokens, float[] got) {
        assertEquals(tokens.size(), got.length);
        for (int i = 0; i < got.length; i++) {
            float want = Float.parseFloat(tokens.get(i).strip());
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got[i]), tokens.get(i));
        }
    }

    @Test
    void randomDecimalsRoundAsParseFloat() throws IOException {
        Random r = new Random(3);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            int intDigits = 1 + r.nextInt(9);
            int fracDigits = r.nextInt(13);   // beyond 10 takes the fallback
            StringBuilder b = new StringBuilder(r.nextInt(4) == 0 ? "-" : "");
            for (int d = 0; d < intDigits; d++) {
                b.append((char) ('0' + (d == 0 && r.nextBoolean() ? 0 : r.nextInt(10))));
            }
            if (fracDigits > 0) {
                b.append('.');
                for (int d = 0; d < fracDigits; d++) {
                    b.append((char) ('0' + r.nextInt(10)));
                }
            }
            tokens.add(b.toString());
        }
        assertSameBits(tokens, parse(tokens, ","));
    }

    @Test
    void edgeCasesRoundAsParseFloat() throws IOException {
        List<String> tokens = List.of("0", "-0", "0.000", "-0.0", "1", "0.1", "0.3", "0.333", "0.999", "1.0",
                "16777215", "16777216", "16777217", "0.16777217", "1677721.5", "9999999999", "0.0000000001",
                "0.00000000001", "1e3", "2.5E-3", "+4", "1.", "007.50", "3.4028235e38", "1e-46", " 0.5 ", "NaN");
        assertSameBits(tokens, parse(tokens, " ,\n\t"));
    }

    @Test
    void badTokensAreOneLineErrors() {
        for (String bad : List.of("-", "1.2.3", "abc", "1-2", ".")) {
            IOException e = assertThrows(IOException.class, () -> parse(List.of("1", bad), ","));
            assertTrue(e.getMessage().contains("'" + bad + "' is not a number"), e.getMessage());
        }
        assertThrows(IOException.class, () -> NpmMnist.numbers("[1, 2".getBytes(StandardCharsets.US_ASCII), "t"));
        assertArrayEquals(new float[0], assertDoesNotThrowEmpty());
    }

    private static float[] assertDoesNotThrowEmpty() {
        try {
            return NpmMnist.numbers("[ ]".getBytes(StandardCharsets.US_ASCII), "t");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
