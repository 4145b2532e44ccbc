package dev.clarke.cli;

import dev.clarke.audit.Audit;
import dev.clarke.audit.AuditShard;
import dev.clarke.onnx.OnnxModel;
import java.nio.file.Path;

/**
 * {@code clarke audit} as a {@link ShardedJob}: the batches cut into contiguous ranges, each audited by
 * {@link Audit#runBatches}; shards merge by {@link AuditShard#merge} (records in batch order, hit counts
 * added, gradient and loss summed along a fixed tree), into exactly what one run gives. The job holds
 * the file names and options: a worker reads the model and the samples itself, so the files must be
 * readable where the shards run (the same machine, or a shared file system; docs/scale.md).
 */
final class AuditJob implements ShardedJob<AuditShard> {

    private static final long serialVersionUID = 1L;

    private final String model;
    private final String weights;
    private final String inputs;
    private final String labels;
    private final String data;
    private final String loss;
    private final Integer limit;
    private final String policy;
    private final String dtype;
    private final int batch;
    private final boolean certificates;
    private final int batchCount;
    private final int shards;

    AuditJob(Path model, Path weights, Path inputs, Path labels, String data, String loss, Integer limit, String policy,
             String dtype, int batch, boolean certificates, int batchCount, int shards) {
        this.model = model.toString();
        this.weights = weights == null ? null : weights.toString();
        this.inputs = inputs == null ? null : inputs.toString();
        this.labels = labels == null ? null : labels.toString();
        this.data = data;
        this.loss = loss;
        this.limit = limit;
        this.policy = policy;
        this.dtype = dtype;
        this.batch = batch;
        this.certificates = certificates;
        this.batchCount = batchCount;
        this.shards = shards;
    }

    @Override
    public int shards() {
        return shards;
    }

    @Override
    public AuditShard compute(int shard) {
        OnnxModel m = AuditFiles.model(Path.of(model), weights == null ? null : Path.of(weights));
        AuditFiles.Samples s = AuditFiles.samples(inputs == null ? null : Path.of(inputs),
                labels == null ? null : Path.of(labels), data, loss, limit, m);
        Audit.Options o = new Audit.Options(Inputs.policy(policy), Inputs.dtype(dtype), batch, certificates);
        return Audit.runBatches(m, s.inputs(), s.targets(), o, (int) ShardedJob.start(batchCount, shards, shard),
                (int) ShardedJob.start(batchCount, shards, shard + 1), Audit.Listener.NONE);
    }

    @Override
    public AuditShard merge(AuditShard a, AuditShard b) {
        return a.merge(b);
    }

    @Override
    public String describe(int shard) {
        return "batches " + ShardedJob.start(batchCount, shards, shard) + " to "
                + (ShardedJob.start(batchCount, shards, shard + 1) - 1);
    }
}
