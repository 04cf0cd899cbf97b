using BigDL.Compute.Data;
using Npgsql;

namespace BigDL.Grains.Tests;

public sealed class PostgreSqlTrainingTests : IClassFixture<TableJobs>, IClassFixture<TrainingPostgres>
{
    readonly TableJobs tables;
    readonly TrainingPostgres postgres;

    public PostgreSqlTrainingTests(TableJobs tables, TrainingPostgres postgres)
    {
        this.tables = tables;
        this.postgres = postgres;
    }

    [Fact]
    public async Task A_postgresql_query_trains_exactly_like_the_csv_of_the_same_rows_and_scores_into_a_new_table()
    {
        await postgres.ExecuteAsync("DROP TABLE IF EXISTS points; CREATE TABLE points (id integer, x1 double precision, x2 double precision, x3 double precision, label integer)");
        await postgres.ExecuteAsync("INSERT INTO points VALUES " + string.Join(", ", File.ReadAllLines(tables.CsvPath).Skip(1).Select(l => $"({l})")));
        await using var silo = await Silos.StartAsync();
        var sql = TableJobs.Table(DataSourceSpec.PostgreSql(postgres.ConnectionString, "SELECT * FROM points", orderBy: "id"));

        var fromCsv = await TrainingJobs.RunAsync(silo.Client, "pg-csv", TableJobs.Job(TableJobs.Table(DataSourceSpec.Csv(tables.CsvPath)), replicas: 2, epochs: 1));
        var fromSql = await TrainingJobs.RunAsync(silo.Client, "pg-sql", TableJobs.Job(sql, replicas: 2, epochs: 1));
        var written = await silo.Client.GetGrain<ITrainingJobGrain>("pg-sql").Score(sql, ScoringOutputSpec.PostgreSql(postgres.ConnectionString, "scores") with { KeepColumns = ["id"] });

        TrainingJobs.AssertSameLosses(fromCsv.StepLosses, fromSql.StepLosses, relative: 1e-6);
        var scores = new SqlSource(() => new NpgsqlConnection(postgres.ConnectionString), "SELECT * FROM scores", orderBy: "row").Read();
        Assert.Equal(TableJobs.Rows, written.Rows);
        Assert.Equal(Enumerable.Range(0, TableJobs.Rows).Select(i => (double)i), scores.Numeric("id").Values.ToArray());
    }
}
