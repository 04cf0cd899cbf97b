using BigDL.Orleans.Compute.Models;
using BigDL.Orleans.Compute.Tensors;
using Microsoft.Extensions.Configuration;

namespace BigDL.Orleans.Grains.Tests;

public sealed class EstimatorTests
{
    static readonly TrainingDataSpec Data = new("classification", Rows: 512, Features: 8, Classes: 3, Seed: 5, ValidationRows: 64);

    [Fact]
    public async Task A_local_estimator_fits_with_per_epoch_metrics_then_evaluates_and_predicts_with_the_trained_weights()
    {
        await using var estimator = await Estimator.CreateAsync(Mlp.Classifier(8, [16], 3), new OptimizerSpec("adam", 0.01), "softmax-cross-entropy");
        var before = await estimator.EvaluateAsync(Data);

        var result = await estimator.FitAsync(Data, new EstimatorOptions(Epochs: 3, GlobalBatchSize: 64, Replicas: 2, Shards: 2));
        var after = await estimator.EvaluateAsync(Data);
        var predictions = await estimator.PredictAsync([new Tensor(5, 8)]);

        Assert.Equal(TrainingJobState.Completed, result.State);
        Assert.Equal([1, 2, 3], result.Epochs.Select(e => e.Epoch));
        Assert.All(result.Epochs, e => Assert.NotNull(e.ValidationLoss));
        Assert.True(after < before, $"the loss did not fall: {before} → {after}");
        Assert.Equal([5, 3], predictions.Shape.ToArray());
    }

    [Fact]
    public async Task A_fit_with_a_batch_smaller_than_the_replicas_fails_naming_the_option()
    {
        await using var estimator = await Estimator.CreateAsync(Mlp.Classifier(8, [16], 3), new OptimizerSpec("sgd", 0.1), "softmax-cross-entropy");

        var e = await Assert.ThrowsAsync<TrainingSpecException>(() => estimator.FitAsync(Data, new EstimatorOptions(Epochs: 1, GlobalBatchSize: 2, Replicas: 4)));

        Assert.Equal("GlobalBatchSize", e.Option);
    }

    [Fact]
    public async Task A_run_mode_other_than_local_is_refused_until_the_cluster_client_exists()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("BigDL:Estimator:Mode", "cluster")]).Build();

        await Assert.ThrowsAsync<NotSupportedException>(() => Estimator.CreateAsync(Mlp.Classifier(8, [16], 3), new OptimizerSpec("sgd", 0.1), "mse", configuration));
    }
}
