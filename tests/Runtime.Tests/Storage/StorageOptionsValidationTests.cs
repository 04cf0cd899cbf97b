using BigDL.Orleans.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Runtime.Tests.Storage;

public sealed class StorageOptionsValidationTests
{
    [Fact]
    public void An_empty_sqlite_connection_string_is_rejected_with_an_example()
    {
        var result = new SqliteStorageOptionsValidator().Validate("Default", new SqliteStorageOptions());

        Assert.True(result.Failed);
        Assert.Contains("'Default'", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ConnectionString is empty", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_busy_timeout_is_rejected()
    {
        var result = new SqliteStorageOptionsValidator().Validate("x", new SqliteStorageOptions { ConnectionString = "a.db", BusyTimeout = TimeSpan.FromSeconds(-1) });

        Assert.True(result.Failed);
        Assert.Contains("BusyTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sqlite_connection_string_with_an_unknown_keyword_is_rejected()
    {
        var result = new SqliteStorageOptionsValidator().Validate("x", new SqliteStorageOptions { ConnectionString = "Data Source=a.db;Frobnicate=1" });

        Assert.True(result.Failed);
        Assert.Contains("not a valid SQLite connection string", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=bigdl;Mode=Memory;Cache=Shared")]
    [InlineData(":memory:")]
    public void A_sqlite_memory_database_is_rejected_in_favour_of_the_memory_provider(string connectionString)
    {
        var result = new SqliteStorageOptionsValidator().Validate("x", new SqliteStorageOptions { ConnectionString = connectionString });

        Assert.True(result.Failed);
        Assert.Contains("in-memory", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_sqlite_options_pass()
    {
        Assert.True(new SqliteStorageOptionsValidator().Validate("x", new SqliteStorageOptions { ConnectionString = "bigdl.db" }).Succeeded);
    }

    [Fact]
    public void An_empty_postgresql_connection_string_is_rejected()
    {
        var result = new PostgreSqlStorageOptionsValidator().Validate("cluster", new PostgreSqlStorageOptions());

        Assert.True(result.Failed);
        Assert.Contains("ConnectionString is empty", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_postgresql_connection_string_without_host_is_rejected()
    {
        var result = new PostgreSqlStorageOptionsValidator().Validate("cluster", new PostgreSqlStorageOptions { ConnectionString = "Database=bigdl" });

        Assert.True(result.Failed);
        Assert.Contains("Host", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_postgresql_connection_string_is_rejected_without_quoting_it()
    {
        var result = new PostgreSqlStorageOptionsValidator().Validate("cluster", new PostgreSqlStorageOptions { ConnectionString = "Host=db;Password=hunter2-secret;Frobnicate=1" });

        Assert.True(result.Failed);
        Assert.DoesNotContain("hunter2-secret", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_built_with_invalid_options_throws_OptionsValidationException()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            new SqliteGrainStorage("Default", new SqliteStorageOptions(), NullLogger<SqliteGrainStorage>.Instance));

        Assert.Contains("ConnectionString is empty", error.Message, StringComparison.Ordinal);
    }
}
