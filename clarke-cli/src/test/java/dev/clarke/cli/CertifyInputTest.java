package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed certify inputs: exit code 2 and one line naming the field at fault. */
class CertifyInputTest {

    @TempDir
    static Path dir;

    private static final String OK_LAYER = "{\"weights\": [[1, -1]], \"bias\": [0, 0], \"activation\": \"relu\"}";

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{'layers': [{'weights': [[1]], 'bias': 0}], 'inputs': [[1]]}                              | layers[0].bias",
        "{'layers': [{'weights': [[1]], 'activation': null}], 'inputs': [[1]]}                     | layers[0].activation",
        "{'layers': [{'weights': [[1]], 'activation': {}}], 'inputs': [[1]]}                       | layers[0].activation",
        "{'layers': [1], 'inputs': [[1]]}                                                          | layers[0]",
        "{'layers': [{'weights': [[1]]}], 'inputs': [[1]], 'policy': {}}                           | policy",
        "{'layers': [{'weights': [[1]]}], 'inputs': [[1]], 'policy': ','}                          | policy",
        "{'layers': [{'weights': [[1]]}], 'inputs': [[1]], 'dtype': []}                            | dtype",
        "{'layers': [{'weights': [[1]], 'activation': 'leaky_relu', 'slope': 'a'}], 'inputs': [[1]]} | layers[0].slope",
        "{'layers': [{'weights': [[1]]}], 'inputs': [[1]], 'loss': {'mse': 1}}                     | loss.mse",
        "{'layers': [{'weights': [[1]]}], 'inputs': [[1]], 'loss': {'cross_entropy': 1}}           | loss.cross_entropy",
        "{'layers': [{'weights': [[1]]}], 'inputs': [[1]], 'loss': 3}                              | loss",
        "{'layers': [{'weights': [[1, 2]]}], 'inputs': [[1]], 'loss': {'cross_entropy': [NaN]}}    | loss.cross_entropy[0]",
        "{'layers': [{'weights': [[1, 2]]}], 'inputs': [[1]], 'loss': {'cross_entropy': [0.7]}}    | loss.cross_entropy[0]",
        "{'layers': [{'weights': [[1, 2]]}], 'inputs': [[1]], 'loss': {'cross_entropy': [2]}}      | loss.cross_entropy[0]",
        "{'layers': [{'weights': [[1, 2]]}], 'inputs': [[1]], 'loss': {'cross_entropy': [0, 1]}}   | loss.cross_entropy",
        "{'layers': [{'weights': [[1e400]]}], 'inputs': [[1]]}                                      | layers[0].weights[0][0]",
        "{'layers': [{'weights': [[1], [1, 2]]}], 'inputs': [[1]]}                                  | layers[0].weights[1]",
        "{'layers': [{'weights': [[1]]}], 'inputs': [['1']]}                                        | inputs[0][0]",
        "{'layers': [{'weights': [[1]]}], 'inputs': [[1, 2]]}                                       | inputs",
        "{'layers': [{'weights': [[1]], 'bais': [1]}], 'inputs': [[1]]}                              | bais",
        "{'layers': [], 'inputs': [[1]]}                                                            | layers",
        "{'inputs': [[1]]}                                                                          | layers",
        "[1]                                                                                        | JSON object",
    })
    void aMalformedFieldIsNamed(String json, String field) throws IOException {
        Path f = Files.writeString(dir.resolve("in.json"), json.replace('\'', '"'));
        CliRun r = CliRun.of("certify", f.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(field), r.err());
        assertTrue(r.out().isEmpty());
    }

    /** JSON nested 10,000 deep is refused before the parser recurses. */
    @ParameterizedTest
    @CsvSource({"10000", "17"})
    void deepNestingIsRefused(int depth) throws IOException {
        Path f = Files.writeString(dir.resolve("deep.json"), "{\"layers\": " + "[".repeat(depth) + "]".repeat(depth) + "}");
        CliRun r = CliRun.of("certify", f.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("nested deeper than " + CertifyInput.MAX_DEPTH), r.err());
    }

    /** The well-formed input the malformed ones are variations of is accepted. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{'cross_entropy': [1]}", "'sum'"})
    void aWellFormedInputIsCertified(String loss) throws IOException {
        Path f = Files.writeString(dir.resolve("ok.json"), ("{\"layers\": [" + OK_LAYER + "], \"inputs\": [[2]], \"loss\": " + loss + "}")
                .replace('\'', '"'));
        CliRun r = CliRun.of("certify", f.toString());
        assertEquals(0, r.code(), r.err());
    }
}
