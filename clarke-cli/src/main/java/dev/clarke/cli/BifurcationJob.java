package dev.clarke.cli;

import dev.clarke.data.Dataset;
import dev.clarke.nn.Init;
import dev.clarke.tensor.DType;
import dev.clarke.train.Bifurcation;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code clarke bifurcation} as a {@link ShardedJob}: the draws of every setting, one after the other
 * (setting s owns units {@code s·draws} to {@code (s+1)·draws - 1}), cut into contiguous ranges. A shard
 * runs, for each setting its range touches, {@link Bifurcation#run} over its draws (draw i of a setting
 * seeded {@code seed + i}, as in one run); the results, keyed by setting, add up by
 * {@link Bifurcation.Result#plus}.
 */
final class BifurcationJob implements ShardedJob<TreeMap<Integer, Bifurcation.Result>> {

    private static final long serialVersionUID = 1L;

    /** Training sets already loaded in this JVM (an executor runs many shards of one study). */
    private static final Map<String, Dataset> LOADED = new ConcurrentHashMap<>();

    private final String data;
    private final String cacheDir;
    private final int[] width;
    private final int[] depth;
    private final DType[] dtype;
    private final int draws;
    private final int batch;
    private final int batchesPerDraw;
    private final Init init;
    private final long seed;
    private final int shards;

    /**
     * @param width, depth, dtype one entry per setting, in the command's order
     */
    BifurcationJob(String data, Path cacheDir, int[] width, int[] depth, DType[] dtype, int draws,
                   Bifurcation.Protocol protocol, long seed, int shards) {
        this.data = data;
        this.cacheDir = cacheDir == null ? null : cacheDir.toString();
        this.width = width;
        this.depth = depth;
        this.dtype = dtype;
        this.draws = draws;
        this.batch = protocol.batch();
        this.batchesPerDraw = protocol.batchesPerDraw();
        this.init = protocol.init();
        this.seed = seed;
        this.shards = shards;
    }

    /**
     * Keeps the training set the command already loaded, so that shards run in this JVM (Spark's local
     * mode) do not read it again.
     */
    void reuse(Dataset loaded) {
        LOADED.putIfAbsent(key(), loaded);
    }

    private String key() {
        return data + "\u0000" + cacheDir;
    }

    /** The units of work: every draw of every setting. */
    long units() {
        return (long) width.length * draws;
    }

    @Override
    public int shards() {
        return shards;
    }

    @Override
    public TreeMap<Integer, Bifurcation.Result> compute(int shard) {
        long lo = ShardedJob.start(units(), shards, shard);
        long hi = ShardedJob.start(units(), shards, shard + 1);
        Dataset d = LOADED.computeIfAbsent(key(),
                k -> TrainData.load(data, cacheDir == null ? null : Path.of(cacheDir)).train());
        Bifurcation.Protocol protocol = new Bifurcation.Protocol(batch, batchesPerDraw, init);
        TreeMap<Integer, Bifurcation.Result> out = new TreeMap<>();
        for (int s = (int) (lo / draws); s < width.length && (long) s * draws < hi; s++) {
            int first = (int) (Math.max(lo, (long) s * draws) - (long) s * draws);
            int end = (int) (Math.min(hi, (long) (s + 1) * draws) - (long) s * draws);
            out.put(s, Bifurcation.run(d, width[s], depth[s], dtype[s], end - first, protocol, seed + first));
        }
        return out;
    }

    @Override
    public TreeMap<Integer, Bifurcation.Result> merge(TreeMap<Integer, Bifurcation.Result> a,
                                                      TreeMap<Integer, Bifurcation.Result> b) {
        TreeMap<Integer, Bifurcation.Result> out = new TreeMap<>(a);
        b.forEach((s, r) -> out.merge(s, r, Bifurcation.Result::plus));
        return out;
    }

    @Override
    public String describe(int shard) {
        long lo = ShardedJob.start(units(), shards, shard);
        long hi = ShardedJob.start(units(), shards, shard + 1) - 1;
        return "draws " + (lo % draws) + (lo / draws == hi / draws ? "" : " of setting " + (lo / draws + 1)) + " to "
                + (hi % draws) + " of setting " + (hi / draws + 1);
    }
}
