package dev.clarke.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.clarke.data.Npy;
import dev.clarke.onnx.OnnxModel;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Audit#runBatches}: shards of batch ranges merge, in any order, into exactly {@link Audit#run}'s result. */
class AuditShardTest {

    private static Path resource(String name) throws Exception {
        return Path.of(AuditShardTest.class.getResource("/onnx/" + name).toURI());
    }

    @Test
    void shardsMergedInAnyOrderAreTheWholeAuditBitForBit() throws Exception {
        OnnxModel m = OnnxModel.read(resource("lenet.onnx"));
        Tensor x = Npy.read(resource("lenet-x.npy")).toTensor();
        int n = x.shape().dim(0);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (3 * i) % m.outputShape().dim(0);
        }
        Targets y = new Targets.Classes(labels);
        Audit.Options o = new Audit.Options(KinkPolicy.mid(), DType.F32, 1, true);
        AuditResult whole = Audit.run(m, x, y, o, Audit.Listener.NONE);
        int count = Audit.batches(m, x, y, o);
        assertEquals(n, count, "batch 1: one batch per sample");
        int cut = count / 3;
        AuditShard a = Audit.runBatches(m, x, y, o, 0, cut, Audit.Listener.NONE);
        AuditShard b = Audit.runBatches(m, x, y, o, cut, count - 1, Audit.Listener.NONE);
        AuditShard c = Audit.runBatches(m, x, y, o, count - 1, count, Audit.Listener.NONE);
        AuditResult merged = Audit.result(m, o, c.merge(a).merge(b));
        assertEquals(whole.batches(), merged.batches());
        assertEquals(whole.nodes(), merged.nodes());
        assertEquals(whole.loss(), merged.loss());
        assertEquals(whole.gradient().keySet(), merged.gradient().keySet());
        for (Map.Entry<String, Tensor> e : whole.gradient().entrySet()) {
            assertArrayEquals(e.getValue().toDoubleArray(), merged.gradient().get(e.getKey()).toDoubleArray(), e.getKey());
        }
    }

    @Test
    void aMissingBatchIsRefused() throws Exception {
        OnnxModel m = OnnxModel.read(resource("lenet.onnx"));
        Tensor x = Npy.read(resource("lenet-x.npy")).toTensor();
        Targets y = new Targets.Classes(new int[x.shape().dim(0)]);
        Audit.Options o = new Audit.Options(KinkPolicy.mid(), DType.F64, 1, false);
        AuditShard part = Audit.runBatches(m, x, y, o, 1, 2, Audit.Listener.NONE);
        assertThrows(IllegalArgumentException.class, () -> Audit.result(m, o, part));
        assertThrows(IllegalArgumentException.class, () -> Audit.runBatches(m, x, y, o, 0, x.shape().dim(0) + 1,
                Audit.Listener.NONE));
    }
}
