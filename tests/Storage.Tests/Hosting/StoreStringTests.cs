using BigDL.Storage.Sql;

namespace BigDL.Storage.Tests.Hosting;

/// <summary>How a store string picks SQLite or PostgreSQL, and how bad strings are refused with one line naming the setting.</summary>
public sealed class StoreStringTests
{
    [Fact]
    public void An_empty_store_is_bigdl_db_in_the_working_folder()
    {
        var location = StoreLocation.Parse("  ");

        Assert.Equal(StoreKind.Sqlite, location.Kind);
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "bigdl.db"), location.ConnectionString);
    }

    [Theory]
    [InlineData("./bigdl.db")]
    [InlineData("bigdl.db")]
    [InlineData("Data Source=./bigdl.db;Cache=Shared")]
    [InlineData("DataSource=bigdl.db")]
    public void A_path_or_a_data_source_is_sqlite(string store) =>
        Assert.Equal(StoreKind.Sqlite, StoreLocation.Parse(store).Kind);

    [Theory]
    [InlineData("Host=db.example;Database=bigdl;Username=u;Password=p")]
    [InlineData("Server=db.example;Database=bigdl")]
    [InlineData("postgres://u:p@db.example:5433/bigdl")]
    [InlineData("postgresql://db.example/bigdl?sslmode=require")]
    public void A_host_or_a_postgres_uri_is_postgresql(string store) =>
        Assert.Equal(StoreKind.PostgreSql, StoreLocation.Parse(store).Kind);

    [Fact]
    public void A_postgres_uri_becomes_an_npgsql_connection_string_with_every_part()
    {
        var location = StoreLocation.Parse("postgres://alice:s%40cret@db.example:5433/bigdl?sslmode=require");

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(location.ConnectionString);
        Assert.Equal(("db.example", 5433, "bigdl", "alice", "s@cret", Npgsql.SslMode.Require),
            (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password, builder.SslMode));
    }

    [Theory]
    [InlineData("mysql://root:hunter2@db/bigdl", "'mysql://'")]
    [InlineData("Endpoint=sb://x;SharedAccessKey=hunter2", "'Endpoint', 'SharedAccessKey'")]
    public void A_store_naming_neither_sqlite_nor_postgresql_is_refused_in_one_line_without_its_secret(string store, string named)
    {
        var error = Assert.Throws<StoreException>(() => StoreLocation.Parse(store, "BIGDL_STORE"));

        Assert.StartsWith("BIGDL_STORE ", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("neither", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_sqlite_file_in_a_missing_folder_is_refused_naming_the_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"bigdl-missing-{Guid.NewGuid():N}");

        var error = Assert.Throws<StoreException>(() => StoreLocation.Parse(Path.Combine(folder, "bigdl.db")));

        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void A_sqlite_memory_database_is_refused_because_it_would_lose_every_write()
    {
        var error = Assert.Throws<StoreException>(() => StoreLocation.Parse("Data Source=:memory:"));
        Assert.Contains("in-memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_description_of_a_postgresql_store_never_shows_its_password()
    {
        var description = StoreSchema.Describe("Host=db.example;Port=5433;Database=bigdl;Username=alice;Password=hunter2");

        Assert.Contains("db.example:5433", description, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", description, StringComparison.Ordinal);
        Assert.Equal(description, StoreLocation.Parse("postgres://alice:hunter2@db.example:5433/bigdl").ToString());
    }
}
