using BigDL.Orleans.Storage;
using Npgsql;

namespace BigDL.Orleans.Runtime.Tests.Storage;

public sealed class StorageConnectionTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_connection_string_means_the_default_sqlite_file_in_the_working_folder(string? text)
    {
        var connection = StorageConnection.Detect(text);

        Assert.Equal(StorageProviderKind.Sqlite, connection.Kind);
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "bigdl.db"), connection.ConnectionString);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("Memory")]
    [InlineData(" MEMORY ")]
    public void The_word_memory_means_memory_storage(string text) =>
        Assert.Equal(StorageProviderKind.Memory, StorageConnection.Detect(text).Kind);

    [Theory]
    [InlineData("Host=db.internal;Database=bigdl;Username=silo")]
    [InlineData("host=db;database=bigdl")]
    [InlineData("Database=bigdl; HOST = db")]
    public void A_string_with_host_means_postgresql_and_is_kept_as_is(string text)
    {
        var connection = StorageConnection.Detect(text);

        Assert.Equal(StorageProviderKind.PostgreSql, connection.Kind);
        Assert.Equal(text, connection.ConnectionString);
    }

    [Fact]
    public void A_postgres_uri_becomes_an_npgsql_connection_string()
    {
        var connection = StorageConnection.Detect("postgres://silo:p%40ss%3Bword@db.example.com:5433/bigdl?sslmode=require&application_name=silo-1");

        Assert.Equal(StorageProviderKind.PostgreSql, connection.Kind);
        var builder = new NpgsqlConnectionStringBuilder(connection.ConnectionString);
        Assert.Equal("db.example.com", builder.Host);
        Assert.Equal(5433, builder.Port);
        Assert.Equal("silo", builder.Username);
        Assert.Equal("p@ss;word", builder.Password);
        Assert.Equal("bigdl", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("silo-1", builder.ApplicationName);
    }

    [Fact]
    public void A_postgresql_uri_without_port_or_user_uses_the_defaults()
    {
        var builder = new NpgsqlConnectionStringBuilder(StorageConnection.Detect("postgresql://localhost/bigdl").ConnectionString);

        Assert.Equal("localhost", builder.Host);
        Assert.Equal(NpgsqlConnection.DefaultPort, builder.Port);
        Assert.Equal("bigdl", builder.Database);
        Assert.Null(builder.Password);
    }

    [Fact]
    public void A_uri_with_an_unknown_parameter_is_rejected_by_name()
    {
        var error = Assert.Throws<FormatException>(() => StorageConnection.Detect("postgres://u:secret@db/bigdl?frobnicate=1"));

        Assert.Contains("frobnicate", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("data/bigdl.db")]
    [InlineData("/var/lib/bigdl/state.db")]
    [InlineData("Data Source=bigdl.db;Cache=Shared")]
    public void A_path_or_a_data_source_means_sqlite(string text)
    {
        var connection = StorageConnection.Detect(text);

        Assert.Equal(StorageProviderKind.Sqlite, connection.Kind);
        Assert.Equal(text, connection.ConnectionString);
    }

    [Theory]
    [InlineData("Host=db;Database=bigdl;Username=silo;Password=hunter2-secret")]
    [InlineData("postgres://silo:hunter2-secret@db:5432/bigdl")]
    public void Printing_a_connection_names_the_server_but_never_the_password(string text)
    {
        var connection = StorageConnection.Detect(text);

        Assert.Contains("db", connection.ToString(), StringComparison.Ordinal);
        Assert.Contains("bigdl", connection.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", connection.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", connection.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Printing_a_sqlite_connection_names_the_full_file_path()
    {
        var connection = StorageConnection.Detect("data/bigdl.db");

        Assert.Contains(Path.GetFullPath("data/bigdl.db"), connection.Description, StringComparison.Ordinal);
    }
}
