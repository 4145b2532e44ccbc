package dev.clarke.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import org.junit.jupiter.api.Test;

class TrainConfigTest {

    @Test
    void theBuilderNamesWhatThePositionalConstructorTakes() {
        KinkPolicy right = KinkPolicy.right();
        TrainConfig built = TrainConfig.builder().epochs(5).batch(128).sgd(0.05, 0.8).weightDecay(1e-4).seed(9)
                .policy(right).dtype(DType.BF16).certify(false).build();
        assertEquals(new TrainConfig(5, 128, "sgd", 0.05, 0.8, 1e-4, 9, right, DType.BF16, false), built);
    }

    @Test
    void itStartsFromTheDefaultsAndFromAnyConfiguration() {
        // KinkPolicy.mid() makes a new policy each call, so compare the printed fields.
        assertEquals(TrainConfig.defaults().toString(), TrainConfig.builder().build().toString());
        TrainConfig c = TrainConfig.defaults().toBuilder().adam(0.01).build();
        assertEquals("adam", c.optimizer());
        assertEquals(0.01, c.lr());
        assertEquals(TrainConfig.defaults().epochs(), c.epochs());
    }

    @Test
    void buildChecksTheNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.builder().batch(0).build());
        assertTrue(e.getMessage().contains("batch"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder().adam(-1).build());
    }
}
