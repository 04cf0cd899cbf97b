using BigDL.Compute.Data;
using BigDL.Compute.Data.Transforms;
using BigDL.Compute.Losses;
using BigDL.Compute.Metrics;
using BigDL.Compute.Optim;
using BigDL.Compute.Serialization;
using BigDL.Compute.Training;
using Microsoft.Data.Sqlite;

namespace BigDL.Grains.Tests;

/// <summary>Evaluation, prediction and batch scoring partitioned across a trained job's replicas.</summary>
public sealed class InferenceTests : IClassFixture<TableJobs>
{
    readonly TableJobs tables;

    public InferenceTests(TableJobs tables)
    {
        this.tables = tables;
    }

    async Task<(ServiceSilo Silo, ITrainingJobGrain Job)> TrainAsync(string key)
    {
        var silo = await Silos.StartAsync();
        await TrainingJobs.RunAsync(silo.Client, key, TableJobs.Job(TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath)), replicas: 3, epochs: 2));
        return (silo, silo.Client.GetGrain<ITrainingJobGrain>(key));
    }

    // What the job should compute, in this process: the scaler fitted on the same training split, the trained weights.
    async Task<(Trainer Trainer, StandardScaler Scaler)> LocalAsync(ITrainingJobGrain job)
    {
        var (train, _) = TrainValidationSplit.Split(CsvSource.FromFile(tables.CsvPath).Read(), 0.2, seed: 9);
        var scaler = new StandardScaler(["x1", "x2", "x3"]);
        scaler.Fit(train);
        var model = ModelDescription.FromJson(TableJobs.MlpJson);
        model.Build(4);
        (await job.GetWeights()).Value.CopyTo(model.Parameters.Values, 0);
        return (new Trainer(model, new SoftmaxCrossEntropyLoss(), new Sgd(1)), scaler);
    }

    [Fact]
    public async Task Predictions_across_replicas_come_back_in_input_order_with_the_transforms_fitted_on_the_training_rows()
    {
        var (silo, job) = await TrainAsync("predict");
        await using var _ = silo;
        var unlabelled = tables.Write("new.csv", string.Join('\n', File.ReadAllLines(tables.CsvPath).Take(101).Select(l => l[..l.LastIndexOf(',')])));

        var predicted = await job.Predict(TrainingDataSpec.FromTable(new TableDataSpec(DataSourceSpec.Csv(unlabelled), "label")));

        var (trainer, scaler) = await LocalAsync(job);
        using var expected = trainer.Model.Predict(scaler.Transform(CsvSource.FromFile(unlabelled).Read()).ToTensor(["x1", "x2", "x3"]));
        Assert.Equal(100, predicted.Rows);
        Assert.Equal(3, predicted.Outputs);
        var actual = predicted.Values.Value;
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(expected.Span[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected.Span[i])), $"output {i}: expected {expected.Span[i]}, got {actual[i]}");
        }
    }

    [Fact]
    public async Task Evaluation_across_replicas_equals_evaluating_all_rows_at_once()
    {
        var (silo, job) = await TrainAsync("evaluate");
        await using var _ = silo;

        var result = await job.Evaluate(TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath)));

        var (trainer, scaler) = await LocalAsync(job);
        var all = scaler.Transform(CsvSource.FromFile(tables.CsvPath).Read()).ToDataset(["x1", "x2", "x3"], "label");
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var loss = trainer.Evaluate(all, [new Accuracy()], metrics);
        Assert.Equal(TableJobs.Rows, result.Rows);
        Assert.Equal(loss, result.Loss, 4);
        Assert.Equal(metrics["accuracy"], result.Accuracy!.Value, 6);
    }

    [Fact]
    public async Task Batch_scoring_csv_to_csv_writes_every_row_in_input_order_with_the_kept_columns()
    {
        var (silo, job) = await TrainAsync("score-csv");
        await using var _ = silo;
        var input = TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath));
        var path = Path.Combine(tables.Folder, "scores.csv");

        var written = await job.Score(input, ScoringOutputSpec.Csv(path) with { KeepColumns = ["id"] });

        var output = CsvSource.FromFile(path).Read();
        var predicted = await job.Predict(input);
        Assert.Equal(TableJobs.Rows, written.Rows);
        Assert.Equal(["row", "id", "prediction_0", "prediction_1", "prediction_2"], output.ColumnNames);
        Assert.Equal(Enumerable.Range(0, TableJobs.Rows).Select(i => (double)i), output.Numeric("id").Values.ToArray());
        Assert.Equal(predicted.Values.Value.Where((_, i) => i % 3 == 1).Select(v => (double)v), output.Numeric("prediction_1").Values.ToArray());
    }

    [Fact]
    public async Task Batch_scoring_sqlite_to_sqlite_writes_a_new_table_row_for_row()
    {
        var (silo, job) = await TrainAsync("score-sql");
        await using var _ = silo;
        var input = TableJobs.Table(DataSourceSpec.Sqlite(tables.SqliteConnectionString, "SELECT * FROM points WHERE id % 2 = 0", orderBy: "id"));

        var written = await job.Score(input, ScoringOutputSpec.Sqlite(tables.SqliteConnectionString, "scores") with { KeepColumns = ["id"] });

        var output = new SqlSource(() => new SqliteConnection(tables.SqliteConnectionString), "SELECT * FROM scores", orderBy: "row").Read();
        Assert.Equal(TableJobs.Rows / 2, written.Rows);
        Assert.Equal(Enumerable.Range(0, TableJobs.Rows / 2).Select(i => 2.0 * i), output.Numeric("id").Values.ToArray());
        Assert.Equal((await job.Predict(input)).Values.Value.Where((_, i) => i % 3 == 0).Select(v => (double)v), output.Numeric("prediction_0").Values.ToArray());
    }

    [Fact]
    public async Task Scoring_into_an_existing_file_is_refused_before_predicting_and_the_file_is_kept()
    {
        var (silo, job) = await TrainAsync("score-exists");
        await using var _ = silo;
        var path = tables.Write("taken.csv", "precious\n");

        var e = await Assert.ThrowsAsync<TrainingSpecException>(() => job.Score(TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath)), ScoringOutputSpec.Csv(path)));

        Assert.Equal("output.Location", e.Option);
        Assert.Equal("precious\n", File.ReadAllText(path));
    }

    [Fact]
    public async Task A_job_that_never_completed_refuses_to_score()
    {
        await using var silo = await Silos.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Client.GetGrain<ITrainingJobGrain>("never").Predict(TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath))));
    }
}
