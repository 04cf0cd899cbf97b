namespace BigDL.Grains.Tests;

public sealed class TableRestartTests : IClassFixture<TableJobs>
{
    readonly TableJobs tables;

    public TableRestartTests(TableJobs tables)
    {
        this.tables = tables;
    }

    [Fact]
    public async Task A_table_job_resumes_after_a_silo_restart_with_its_fitted_transforms_and_trains_as_if_never_stopped()
    {
        var store = Path.Combine(tables.Folder, "restart.db");
        var spec = TableJobs.Job(TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath), validation: 0), replicas: 2, shards: 2, epochs: 400) with { CheckpointInterval = 10 };

        TrainingJobStatus reference;
        await using (var silo = await Silos.StartAsync())
        {
            reference = await TrainingJobs.RunAsync(silo.Client, "table-resumed", spec);
        }

        var first = await Silos.StartAsync(store);
        var job = first.Client.GetGrain<ITrainingJobGrain>("table-resumed");
        await job.Start(spec);
        await Eventually.MatchesAsync(job.GetStatus, s => s.CheckpointStep >= 20, "two checkpoints were written");
        await first.DisposeAsync();

        await using var second = await Silos.StartAsync(store);
        job = second.Client.GetGrain<ITrainingJobGrain>("table-resumed");
        var after = await Eventually.MatchesAsync(job.GetStatus, s => s.State != TrainingJobState.Running, "the resumed job ended");

        Assert.Equal(TrainingJobState.Completed, after.State);
        Assert.True(after.ResumedFrom is >= 20 and < 2400, $"resumed from {after.ResumedFrom}"); // 400 epochs of 6 steps: long enough that a loaded machine cannot finish the job before the silo stops
        TrainingJobs.AssertSameLosses(reference.StepLosses, after.StepLosses, relative: 1e-6);
        var predicted = await job.Predict(TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath)));
        Assert.Equal(TableJobs.Rows, predicted.Rows);
    }
}
