using BigDL.Compute.Models;
using BigDL.Compute.Serialization;
using Orleans.Concurrency;

namespace BigDL.Grains.Tests;

/// <summary>
/// Replicas push only the ranges of their gradients a step may make non-zero (an embedding model's untouched rows are
/// zero), and a replica on another silo is answered with only the parts of the slice its next step uses.
/// </summary>
public sealed class SparsePushTests
{
    [Fact]
    public async Task A_sparse_push_leaves_the_same_slice_as_the_dense_push_of_the_same_gradient()
    {
        await using var silo = await Silos.StartAsync();
        var spec = TrainingJobs.MlpJob(replicas: 1) with { Optimizer = new OptimizerSpec("adam", 0.01) };
        var dense = silo.Client.GetGrain<IParameterShardGrain>("dense/0");
        var sparse = silo.Client.GetGrain<IParameterShardGrain>("sparse/0");
        var length = (await dense.GetSlice(spec, 0)).Values.Value.Length;
        var gradient = new float[length];
        int[] ranges = [0, 16, 48, 32, length - 3, 3]; // a full block, two blocks, the slice's partial last block
        var packed = new List<float>();
        for (var i = 0; i < ranges.Length; i += 2)
        {
            for (var j = ranges[i]; j < ranges[i] + ranges[i + 1]; j++)
            {
                gradient[j] = (j % 7) - 3; // zeros inside a range too
                packed.Add(gradient[j]);
            }
        }

        var viaDense = await dense.Push(new ShardPush(spec, 0, 0, 0, gradient.AsImmutable(), true));
        var viaSparse = await sparse.Push(new ShardPush(spec, 0, 0, 0, packed.ToArray().AsImmutable(), true, Ranges: ranges.AsImmutable()));

        Assert.Equal(viaDense.Values.Value, viaSparse.Values.Value);
        Assert.NotEqual((await silo.Client.GetGrain<IParameterShardGrain>("untouched/0").GetSlice(spec, 0)).Values.Value, viaSparse.Values.Value);
    }

    [Fact]
    public async Task A_push_that_wants_parts_of_the_slice_is_answered_with_those_parts_of_the_updated_slice_packed()
    {
        await using var silo = await Silos.StartAsync();
        var spec = TrainingJobs.MlpJob(replicas: 1) with { Optimizer = new OptimizerSpec("adam", 0.01) };
        var whole = silo.Client.GetGrain<IParameterShardGrain>("whole/0");
        var parts = silo.Client.GetGrain<IParameterShardGrain>("parts/0");
        var length = (await whole.GetSlice(spec, 0)).Values.Value.Length;
        var gradient = Enumerable.Range(0, length).Select(i => (float)((i % 5) - 2)).ToArray();
        int[] wanted = [3, 5, 40, 17, length - 2, 2];

        var full = await whole.Push(new ShardPush(spec, 0, 0, 0, gradient.AsImmutable(), true));
        var answer = await parts.Push(new ShardPush(spec, 0, 0, 0, gradient.AsImmutable(), true, Wanted: wanted.AsImmutable()));

        Assert.Null(full.Ranges);
        Assert.Equal(wanted, answer.Ranges!.Value.Value);
        Assert.Equal(1, answer.StepsApplied);
        float[] expected = [.. full.Values.Value.AsSpan(3, 5), .. full.Values.Value.AsSpan(40, 17), .. full.Values.Value.AsSpan(length - 2, 2)];
        Assert.Equal(expected, answer.Values.Value);
        Assert.Equal(full.Values.Value, (await parts.GetSlice(spec, 0)).Values.Value); // the shard itself keeps the whole slice
    }

    [Theory]
    [InlineData(new[] { 0, 16, 8, 16 })] // overlapping
    [InlineData(new[] { 0, 1_000_000 })] // past the slice
    [InlineData(new[] { 4 })] // not pairs
    public async Task A_push_whose_wanted_parts_do_not_fit_the_slice_is_refused(int[] wanted)
    {
        await using var silo = await Silos.StartAsync();
        var spec = TrainingJobs.MlpJob(replicas: 1);
        var shard = silo.Client.GetGrain<IParameterShardGrain>("bad-wanted/0");
        var length = (await shard.GetSlice(spec, 0)).Values.Value.Length;

        var e = await Assert.ThrowsAsync<ArgumentException>(() => shard.Push(new ShardPush(spec, 0, 0, 0, new float[length].AsImmutable(), true, Wanted: wanted.AsImmutable())));
        Assert.Contains("wanted", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await shard.GetSlice(spec, 0)).StepsApplied);
    }

    [Theory]
    [InlineData(new[] { 0, 16, 8, 16 })] // overlapping
    [InlineData(new[] { 32, 16, 0, 16 })] // out of order
    [InlineData(new[] { 0, 0 })] // empty
    [InlineData(new[] { 0, 16, 48 })] // not pairs
    [InlineData(new[] { 0, 1_000_000 })] // past the slice
    [InlineData(new[] { 0, 16, 32, 64 })] // more floats than the chunk holds
    public async Task A_sparse_push_whose_ranges_do_not_fit_the_slice_is_refused(int[] ranges)
    {
        await using var silo = await Silos.StartAsync();
        var spec = TrainingJobs.MlpJob(replicas: 1);
        var shard = silo.Client.GetGrain<IParameterShardGrain>("bad/0");

        await Assert.ThrowsAsync<ArgumentException>(() => shard.Push(new ShardPush(spec, 0, 0, 0, new float[64].AsImmutable(), true, Ranges: ranges.AsImmutable())));
        Assert.Equal(0, (await shard.GetSlice(spec, 0)).StepsApplied);
    }

    [Fact]
    public async Task Three_replicas_train_an_embedding_model_with_the_same_loss_per_step_as_one()
    {
        await using var silo = await Silos.StartAsync();
        var model = NeuMF.Create(users: 300, items: 200, gmfDimension: 16, mlpLayers: [32, 16]);
        TrainingJobSpec Job(int replicas, int shards) => new(
            ModelDescription.ToJson(model), "bce-with-logits", new OptimizerSpec("adam", 0.01), new TrainingDataSpec("ncf", 2048, 300, 200, Seed: 3),
            GlobalBatchSize: 128, Replicas: replicas, Shards: shards, Epochs: 2, Seed: 5);

        var one = await TrainingJobs.RunAsync(silo.Client, "ncf-1", Job(1, 1));
        var three = await TrainingJobs.RunAsync(silo.Client, "ncf-3", Job(3, 2));

        Assert.Equal(TrainingJobState.Completed, three.State);
        Assert.Equal(32, one.StepLosses.Length);
        TrainingJobs.AssertSameLosses(one.StepLosses, three.StepLosses);
        Assert.True(one.StepLosses[^1] < one.StepLosses[0], $"the loss did not fall: {one.StepLosses[0]} → {one.StepLosses[^1]}");
    }
}
