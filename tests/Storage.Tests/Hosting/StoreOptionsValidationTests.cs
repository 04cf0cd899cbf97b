using BigDL.Storage.Hosting;

namespace BigDL.Storage.Tests.Hosting;

/// <summary>The options validators name the option and never quote a password.</summary>
public sealed class StoreOptionsValidationTests
{
    [Fact]
    public void An_empty_sqlite_connection_string_is_refused_naming_the_option()
    {
        var result = new SqliteStoreOptionsValidator<SqliteGrainStorageOptions>().Validate("bigdl", new SqliteGrainStorageOptions());

        Assert.True(result.Failed);
        Assert.StartsWith("SqliteGrainStorageOptions['bigdl'].ConnectionString is empty", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_busy_timeout_is_refused()
    {
        var options = new SqliteClusteringOptions { ConnectionString = Path.Combine(Path.GetTempPath(), "x.db"), BusyTimeout = TimeSpan.FromSeconds(-1) };

        var result = new SqliteStoreOptionsValidator<SqliteClusteringOptions>().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("SqliteClusteringOptions.BusyTimeout", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_sqlite_file_passes()
    {
        var options = new SqliteReminderTableOptions { ConnectionString = Path.Combine(Path.GetTempPath(), "x.db") };
        Assert.True(new SqliteStoreOptionsValidator<SqliteReminderTableOptions>().Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_postgresql_connection_string_without_a_host_is_refused_without_quoting_it()
    {
        var options = new PostgreSqlClusteringOptions { ConnectionString = "Database=bigdl;Password=hunter2" };

        var result = new PostgreSqlStoreOptionsValidator<PostgreSqlClusteringOptions>().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("PostgreSqlClusteringOptions.ConnectionString names no Host", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_postgresql_connection_string_is_refused_without_quoting_it()
    {
        var options = new PostgreSqlGrainStorageOptions { ConnectionString = "Host=db;NoSuchKey=hunter2" };

        var result = new PostgreSqlStoreOptionsValidator<PostgreSqlGrainStorageOptions>().Validate("x", options);

        Assert.True(result.Failed);
        Assert.DoesNotContain("hunter2", result.FailureMessage, StringComparison.Ordinal);
    }
}
