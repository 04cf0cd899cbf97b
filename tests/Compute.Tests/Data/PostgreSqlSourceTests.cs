using BigDL.Compute.Data;
using Npgsql;

namespace BigDL.Compute.Tests.Data;

[Collection(PostgreSqlCollectionDefinition.Name)]
public sealed class PostgreSqlSourceTests(PostgreSqlFixture postgres) : IAsyncLifetime
{
    public Task InitializeAsync()
    {
        using var connection = new NpgsqlConnection(postgres.ConnectionString);
        connection.Open();
        SqlTestData.Insert(connection, "DROP TABLE IF EXISTS events; CREATE TABLE events (id integer, customer text, price double precision, at timestamp)", t => t);
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("range")]
    [InlineData("hash")]
    public void Csv_and_postgresql_sources_give_identical_partitions_on_re_read(string kind)
    {
        var spec = kind == "range" ? Partitioner.ByRowRange(4) : Partitioner.ByKeyHash("customer", 3);
        var sql = new SqlSource(() => new NpgsqlConnection(postgres.ConnectionString), "SELECT id, customer, price, at FROM events", orderBy: "id");
        var csv = CsvSource.FromText(SqlTestData.Csv(), "file 'events.csv'");

        for (var p = 0; p < spec.Count; p++)
        {
            var fromSql = spec.ReadPartition(sql, p);
            FrameAssert.SameContent(fromSql, spec.ReadPartition(sql, p));
            FrameAssert.SameContent(spec.ReadPartition(csv, p), fromSql);
            FrameAssert.SameContent(spec.ReadPartition(csv, p), spec.ReadPartition(csv, p));
        }
    }
}
