namespace BigDL.Grains.Tests;

/// <summary>Bad tables are refused by Start, before any replica trains, naming the option and the file, line or column.</summary>
public sealed class TableBadInputTests : IClassFixture<TableJobs>
{
    readonly TableJobs tables;

    public TableBadInputTests(TableJobs tables)
    {
        this.tables = tables;
    }

    static async Task<TrainingSpecException> RefusedAsync(string key, TrainingJobSpec spec)
    {
        await using var silo = await Silos.StartAsync();
        var job = silo.Client.GetGrain<ITrainingJobGrain>(key);

        var e = await Assert.ThrowsAsync<TrainingSpecException>(() => job.Start(spec));

        Assert.Equal(TrainingJobState.None, (await job.GetStatus()).State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => silo.Client.GetGrain<ITrainingJobGrain>(key).GetWeights());
        return e;
    }

    [Fact]
    public async Task A_csv_with_a_malformed_row_is_refused_naming_the_file_and_line()
    {
        var path = tables.Write("malformed.csv", "id,x1,x2,x3,label\n0,1,2,3,0\n1,1,2,3,1\n2,1,\"2,3,0\n");

        var e = await RefusedAsync("malformed", TableJobs.Job(TableJobs.Table(DataSourceSpec.Csv(path), validation: 0), replicas: 1, batch: 1));

        Assert.Equal("Dataset.Table.Source", e.Option);
        Assert.Contains("malformed.csv", e.Message, StringComparison.Ordinal);
        Assert.Contains("line", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_numeric_value_in_a_feature_column_is_refused_naming_file_line_column_and_value()
    {
        var path = tables.Write("words.csv", "id,x1,x2,x3,label\n0,1,2,3,0\n1,1,two,3,1\n2,1,2,3,2\n");

        var data = TrainingDataSpec.FromTable(new TableDataSpec(DataSourceSpec.Csv(path), "label", ["x1", "x2", "x3"]));

        var e = await RefusedAsync("words", TableJobs.Job(data, replicas: 1, batch: 1));

        Assert.StartsWith("Dataset.Table", e.Option, StringComparison.Ordinal);
        Assert.Contains("words.csv", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("'x2'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'two'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_label_column_that_does_not_exist_is_refused_listing_the_columns()
    {
        var e = await RefusedAsync("no-label", TableJobs.Job(TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath), label: "species"), replicas: 2));

        Assert.Equal("Dataset.Table.Label", e.Option);
        Assert.Contains("'species'", e.Message, StringComparison.Ordinal);
        Assert.Contains("train.csv", e.Message, StringComparison.Ordinal);
        Assert.Contains("x1, x2, x3, label", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_partitions_than_rows_is_refused_naming_Replicas()
    {
        var path = tables.Write("three.csv", "id,x1,x2,x3,label\n0,1,2,3,0\n1,1,2,3,1\n2,1,2,3,2\n");

        var e = await RefusedAsync("three-rows", TableJobs.Job(TableJobs.Table(DataSourceSpec.Csv(path), validation: 0), replicas: 4, batch: 4));

        Assert.Equal("Replicas", e.Option);
        Assert.Contains("3 rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_global_batch_smaller_than_the_replica_count_is_refused_before_the_table_is_read()
    {
        var missing = Path.Combine(tables.Folder, "never-read.csv");

        var e = await RefusedAsync("small-batch", TableJobs.Job(TableJobs.Table(DataSourceSpec.Csv(missing)), replicas: 4, batch: 3));

        Assert.Equal("GlobalBatchSize", e.Option);
        Assert.Contains("Replicas (4)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_an_unknown_source_kind_and_a_query_without_order_are_refused_by_option()
    {
        var missing = await RefusedAsync("missing-file", TableJobs.Job(TableJobs.Table(DataSourceSpec.Csv(Path.Combine(tables.Folder, "nope.csv"))), replicas: 1));
        var kind = await RefusedAsync("bad-kind", TableJobs.Job(TableJobs.Table(new DataSourceSpec("parquet", "x.parquet")), replicas: 1));
        var order = await RefusedAsync("no-order", TableJobs.Job(TableJobs.Table(new DataSourceSpec("sqlite", tables.SqliteConnectionString, "SELECT * FROM points")), replicas: 1));

        Assert.Contains("nope.csv", missing.Message, StringComparison.Ordinal);
        Assert.Equal("Dataset.Table.Source.Kind", kind.Option);
        Assert.Equal("Dataset.Table.Source.OrderBy", order.Option);
    }

    [Fact]
    public async Task Features_the_model_cannot_take_are_refused_before_training()
    {
        var data = TrainingDataSpec.FromTable(new TableDataSpec(DataSourceSpec.Csv(tables.CsvPath), "label", ["x1", "x2"]));

        var e = await RefusedAsync("too-few-features", TableJobs.Job(data, replicas: 1));

        Assert.Equal("Dataset.Table.Features", e.Option);
    }
}
