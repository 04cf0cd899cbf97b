namespace BigDL.Grains.Tests;

public sealed class TableTrainingTests : IClassFixture<TableJobs>
{
    readonly TableJobs tables;

    public TableTrainingTests(TableJobs tables)
    {
        this.tables = tables;
    }

    [Fact]
    public async Task Four_replicas_on_csv_partitions_give_the_same_loss_per_step_as_one_replica()
    {
        await using var silo = await Silos.StartAsync();
        var data = TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath));

        var one = await TrainingJobs.RunAsync(silo.Client, "csv-1", TableJobs.Job(data, replicas: 1));
        var four = await TrainingJobs.RunAsync(silo.Client, "csv-4", TableJobs.Job(data, replicas: 4, shards: 2, stepsPerRound: 2));

        Assert.Equal(TrainingJobState.Completed, four.State);
        Assert.Equal(3 * (240 / 48), four.StepLosses.Length); // 240 training rows after the 20% validation split
        TrainingJobs.AssertSameLosses(one.StepLosses, four.StepLosses);
        Assert.True(four.StepLosses[^1] < four.StepLosses[0], $"the loss did not fall: {four.StepLosses[0]} → {four.StepLosses[^1]}");
        Assert.All(four.Epochs, e => Assert.True(e.ValidationAccuracy is >= 0 and <= 1, $"epoch {e.Epoch} validation accuracy {e.ValidationAccuracy}"));
        Assert.True(four.Epochs[^1].ValidationAccuracy > 0.6, $"validation accuracy {four.Epochs[^1].ValidationAccuracy}");
    }

    [Fact]
    public async Task The_same_rows_from_sqlite_train_exactly_as_from_csv()
    {
        await using var silo = await Silos.StartAsync();
        var csv = TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath));
        var sql = TableJobs.Table(DataSourceSpec.Sqlite(tables.SqliteConnectionString, "SELECT id, x1, x2, x3, label FROM points", orderBy: "id"));

        var fromCsv = await TrainingJobs.RunAsync(silo.Client, "src-csv", TableJobs.Job(csv, replicas: 3, epochs: 1));
        var fromSql = await TrainingJobs.RunAsync(silo.Client, "src-sql", TableJobs.Job(sql, replicas: 3, epochs: 1));

        TrainingJobs.AssertSameLosses(fromCsv.StepLosses, fromSql.StepLosses, relative: 1e-6);
        Assert.Equal(fromCsv.Epochs[0].ValidationLoss!.Value, fromSql.Epochs[0].ValidationLoss!.Value, 6);
    }

    [Fact]
    public async Task Key_hash_partitions_train_like_row_ranges()
    {
        await using var silo = await Silos.StartAsync();
        var ranges = TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath));
        var hashed = ranges with { Table = ranges.Table! with { PartitionKey = "id" } };

        var a = await TrainingJobs.RunAsync(silo.Client, "ranges", TableJobs.Job(ranges, replicas: 3, epochs: 1));
        var b = await TrainingJobs.RunAsync(silo.Client, "hashed", TableJobs.Job(hashed, replicas: 3, epochs: 1));

        TrainingJobs.AssertSameLosses(a.StepLosses, b.StepLosses);
    }
}
