using BigDL.Storage.Clustering;
using BigDL.Storage.Tests.Fixtures;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigDL.Storage.Tests.Clustering;

/// <summary>A client whose cluster id matches no silo is told which clusters the store does hold.</summary>
public sealed class ClusterIdMismatchTests
{
    [Fact]
    public async Task A_client_of_an_unknown_cluster_is_warned_with_the_clusters_that_have_gateways()
    {
        using var fixture = new SqliteStoreFixture();
        var table = new SqlMembershipTable(fixture.Open(), "production", NullLogger<SqlMembershipTable>.Instance);
        await table.InitializeMembershipTable(true);
        Assert.True(await table.InsertRow(Entries.Silo(status: SiloStatus.Active), (await table.ReadAll()).Version.Next()));
        var logger = new RecordingLogger();
        var provider = new SqlGatewayListProvider(fixture.Open(), "prodution", TimeSpan.FromSeconds(1), logger);

        Assert.Empty(await provider.GetGateways());

        var warning = Assert.Single(logger.Warnings);
        Assert.Contains("'prodution'", warning, StringComparison.Ordinal);
        Assert.Contains("'production'", warning, StringComparison.Ordinal);
    }

    sealed class RecordingLogger : ILogger<SqlGatewayListProvider>
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
