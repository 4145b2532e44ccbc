package dev.clarke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.clarke.audit.Audit;
import dev.clarke.audit.AuditResult;
import dev.clarke.audit.AuditShard;
import dev.clarke.certify.Enumerator;
import dev.clarke.data.Dataset;
import dev.clarke.nn.Init;
import dev.clarke.ops.KinkPolicy;
import dev.clarke.tensor.DType;
import dev.clarke.train.Bifurcation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The command line's sharded jobs without any engine: every shard computed twice gives the same result
 * (a retried shard changes nothing), results survive Java serialization (how Spark ships them), and
 * shards merged in a shuffled order give the single-machine result. {@code --engine spark} without
 * the clarke-spark module is one line.
 */
class ShardedJobsTest {

    /** Computes every shard twice, ships each through serialization, merges them in a shuffled order. */
    static <R extends Serializable> R mergedShuffled(ShardedJob<R> job, long seed) throws Exception {
        job = roundTrip(job);
        List<R> results = new ArrayList<>();
        for (int k = 0; k < job.shards(); k++) {
            R once = job.compute(k);
            R again = roundTrip(job.compute(k));
            if (!(once instanceof AuditShard)) {
                assertEquals(once, again, "shard " + k + " computed twice");
            }
            results.add(again);
        }
        Collections.shuffle(results, new Random(seed));
        R merged = results.get(0);
        for (int i = 1; i < results.size(); i++) {
            merged = i % 2 == 0 ? job.merge(merged, results.get(i)) : job.merge(results.get(i), merged);
        }
        return merged;
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void shardStartsCutUnitsIntoRangesDifferingByAtMostOne() {
        assertEquals(0, ShardedJob.start(10, 3, 0));
        assertEquals(4, ShardedJob.start(10, 3, 1));
        assertEquals(7, ShardedJob.start(10, 3, 2));
        assertEquals(10, ShardedJob.start(10, 3, 3));
        long big = 1_000_000_000_000_000L;
        assertEquals(big, ShardedJob.start(big, 999_983, 999_983), "no overflow at 10^15 points");
    }

    @Test
    void bifurcationShardsMergeIntoTheSingleRun() throws Exception {
        Bifurcation.Protocol p = new Bifurcation.Protocol(32, 2, Init.HE);
        BifurcationJob job = new BifurcationJob("synthetic", null, new int[] {8, 16, 8}, new int[] {1, 1, 2},
                new DType[] {DType.BF16, DType.BF16, DType.F32}, 10, p, 3, 7);
        TreeMap<Integer, Bifurcation.Result> merged = mergedShuffled(job, 1);
        Dataset d = TrainData.load("synthetic", null).train();
        assertEquals(Bifurcation.run(d, 8, 1, DType.BF16, 10, p, 3), merged.get(0));
        assertEquals(Bifurcation.run(d, 16, 1, DType.BF16, 10, p, 3), merged.get(1));
        assertEquals(Bifurcation.run(d, 8, 2, DType.F32, 10, p, 3), merged.get(2));
        assertTrue(merged.get(0).differing() + merged.get(1).differing() > 0, "bf16 gives differing draws");
    }

    @Test
    void enumerationShardsMergeIntoTheSingleRun() throws Exception {
        EnumerateJob job = new EnumerateJob(new int[] {2}, "relu", 0.01, true, "-3..3", "1", List.of("mid", "right"),
                false, 117_649, 6);
        Enumerator.Counts merged = mergedShuffled(job, 2);
        assertEquals(27_048, merged.ndf(), "EnumerateCommandTest's hand count");
        assertEquals(job.enumerator().count(0, 117_649), merged);
    }

    @Test
    void auditShardsMergeIntoTheSingleRun() throws Exception {
        Path dir = Path.of("../clarke-core/src/test/resources/onnx");
        var m = AuditFiles.model(dir.resolve("lenet.onnx"), null);
        var s = AuditFiles.samples(dir.resolve("lenet-x.npy"), dir.resolve("lenet-y.npy"), null, null, null, m);
        Audit.Options o = new Audit.Options(KinkPolicy.pytorch(), DType.F32, 1, true);
        AuditResult whole = Audit.run(m, s.inputs(), s.targets(), o, Audit.Listener.NONE);
        AuditJob job = new AuditJob(dir.resolve("lenet.onnx"), null, dir.resolve("lenet-x.npy"), dir.resolve("lenet-y.npy"),
                null, null, null, "pytorch", "f32", 1, true, 4, 3);
        AuditResult merged = Audit.result(m, o, mergedShuffled(job, 3));
        assertEquals(AuditCommand.json(whole, null, "x", "m"), AuditCommand.json(merged, null, "x", "m"));
        for (String name : whole.gradient().keySet()) {
            assertTrue(java.util.Arrays.equals(whole.gradient().get(name).toDoubleArray(),
                    merged.gradient().get(name).toDoubleArray()), name);
        }
    }

    @Test
    void sparkAbsentIsOneLine() {
        CliRun r = CliRun.of("bifurcation", "--draws", "1", "--engine", "spark");
        assertEquals(2, r.code());
        assertEquals("clarke bifurcation: --engine spark: the clarke-spark module is not on the class path: run the command"
                + " through ./clarke, which builds it, or add clarke-spark and Spark (docs/scale.md)", r.err().strip());
        CliRun shards = CliRun.of("enumerate", "--shards", "4");
        assertEquals(2, shards.code());
        assertTrue(shards.err().contains("--shards needs --engine spark"), shards.err());
        CliRun engine = CliRun.of("audit", "m.onnx", "--engine", "hadoop");
        assertEquals(2, engine.code());
        assertTrue(engine.err().contains("--engine 'hadoop': use plain or spark"), engine.err());
    }
}
