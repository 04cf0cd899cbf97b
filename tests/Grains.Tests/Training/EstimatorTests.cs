using BigDL.Compute.Models;
using BigDL.Compute.Tensors;
using Microsoft.Extensions.Configuration;

namespace BigDL.Grains.Tests;

public sealed class EstimatorTests : IClassFixture<TableJobs>
{
    static readonly TrainingDataSpec Data = new("classification", Rows: 512, Features: 8, Classes: 3, Seed: 5, ValidationRows: 64);
    readonly TableJobs tables;

    public EstimatorTests(TableJobs tables)
    {
        this.tables = tables;
    }

    [Fact]
    public async Task A_local_estimator_fits_with_per_epoch_metrics_then_evaluates_and_predicts_with_the_trained_weights()
    {
        await using var estimator = Estimator.Create(Mlp.Classifier(8, [16], 3), new OptimizerSpec("adam", 0.01), "softmax-cross-entropy");

        var result = await estimator.FitAsync(Data, new EstimatorOptions(Epochs: 3, GlobalBatchSize: 64, Replicas: 2, Shards: 2));
        var evaluation = await estimator.EvaluateAsync(Data);
        var predictions = await estimator.PredictAsync([new Tensor(5, 8)]);
        var distributed = await estimator.PredictAsync(Data with { Rows = 7 });

        Assert.Equal(TrainingJobState.Completed, result.State);
        Assert.Equal([1, 2, 3], result.Epochs.Select(e => e.Epoch));
        Assert.All(result.Epochs, e => Assert.NotNull(e.ValidationLoss));
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss, "the training loss did not fall");
        Assert.Equal(512, evaluation.Rows);
        Assert.True(evaluation.Accuracy > 0.5, $"accuracy {evaluation.Accuracy}");
        Assert.Equal([5, 3], predictions.Shape.ToArray());
        Assert.Equal((7, 3), (distributed.Rows, distributed.Outputs));
    }

    [Fact]
    public async Task An_estimator_fits_a_csv_table_and_scores_it_to_csv_through_an_existing_client()
    {
        await using var silo = await Silos.StartAsync();
        await using var estimator = Estimator.Create(Mlp.Classifier(3, [16], 3), new OptimizerSpec("sgd", 0.2, 0.9), "softmax-cross-entropy", silo.Client);
        var data = TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath));

        var result = await estimator.FitAsync(data, new EstimatorOptions(Epochs: 3, GlobalBatchSize: 48, Replicas: 2, CheckpointInterval: 5));
        var scored = await estimator.ScoreAsync(data, ScoringOutputSpec.Csv(Path.Combine(tables.Folder, "estimator.csv")));

        Assert.Equal(TrainingJobState.Completed, result.State);
        Assert.All(result.Epochs, e => Assert.NotNull(e.ValidationAccuracy));
        Assert.Equal(TableJobs.Rows, scored.Rows);
        Assert.Equal(TableJobs.Rows + 1, File.ReadAllLines(Path.Combine(tables.Folder, "estimator.csv")).Length);
    }

    [Fact]
    public async Task A_fit_with_a_batch_smaller_than_the_replicas_fails_naming_the_option()
    {
        await using var estimator = Estimator.Create(Mlp.Classifier(8, [16], 3), new OptimizerSpec("sgd", 0.1), "softmax-cross-entropy");

        var e = await Assert.ThrowsAsync<TrainingSpecException>(() => estimator.FitAsync(Data, new EstimatorOptions(Epochs: 1, GlobalBatchSize: 2, Replicas: 4)));

        Assert.Equal("GlobalBatchSize", e.Option);
    }

    [Fact]
    public async Task Cancelling_a_fit_stops_the_waiting_naming_the_job_which_goes_on_training()
    {
        await using var silo = await Silos.StartAsync();
        await using var estimator = Estimator.Create(Mlp.Classifier(8, [16], 3), new OptimizerSpec("sgd", 0.1), "softmax-cross-entropy", silo.Client);
        using var cancel = new CancellationTokenSource();

        // A job far longer than the test: the fit is cancelled once the job is running, as a caller's deadline would.
        var fit = estimator.FitAsync(Data, new EstimatorOptions(Epochs: 100_000, GlobalBatchSize: 64), cancel.Token);
        await Eventually.MatchesAsync(() => Task.FromResult(estimator.Job), j => j is not null, "the job started");
        await Eventually.MatchesAsync(estimator.Job!.GetStatus, s => s.Step > 0, "the job trained a step");
        await cancel.CancelAsync();

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fit);
        Assert.Contains(estimator.Job.GetPrimaryKeyString(), e.Message, StringComparison.Ordinal);
        Assert.Contains("Running at step", e.Message, StringComparison.Ordinal);
        Assert.Equal(TrainingJobState.Running, (await estimator.Job.GetStatus()).State);
    }

    [Fact]
    public async Task Scoring_before_a_fit_says_to_fit_first()
    {
        await using var estimator = Estimator.Create(Mlp.Classifier(8, [16], 3), new OptimizerSpec("sgd", 0.1), "softmax-cross-entropy");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => estimator.EvaluateAsync(Data));

        Assert.Contains("FitAsync", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cluster_mode_without_a_gateway_and_an_unknown_mode_are_refused_naming_the_setting()
    {
        static IConfiguration Settings(params (string Key, string Value)[] pairs) =>
            new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

        var noGateway = Assert.Throws<InvalidOperationException>(() => Estimator.Create(Mlp.Classifier(8, [16], 3), new OptimizerSpec("sgd", 0.1), "mse", Settings(("BigDL:Estimator:Mode", "cluster"))));
        var unknown = Assert.Throws<NotSupportedException>(() => Estimator.Create(Mlp.Classifier(8, [16], 3), new OptimizerSpec("sgd", 0.1), "mse", Settings(("BigDL:Estimator:Mode", "spark"))));

        Assert.Contains("BigDL:Estimator:Gateway", noGateway.Message, StringComparison.Ordinal);
        Assert.Contains("'spark'", unknown.Message, StringComparison.Ordinal);
    }
}
