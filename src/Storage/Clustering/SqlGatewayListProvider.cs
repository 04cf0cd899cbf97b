using System.Net;
using BigDL.Storage.Sql;
using Microsoft.Extensions.Logging;
using Orleans.Messaging;

namespace BigDL.Storage.Clustering;

/// <summary>Lists the gateways of one cluster for clients: its active silos that accept clients, read from the membership table.</summary>
/// <remarks>
/// When the cluster has no gateway but other clusters in the same tables have, the client's cluster id is most likely
/// wrong; that is logged as a warning naming the clusters found, since Orleans' own error only says "no gateways".
/// </remarks>
internal sealed partial class SqlGatewayListProvider(SqlStore store, string clusterId, TimeSpan maxStaleness, ILogger<SqlGatewayListProvider> logger)
    : IGatewayListProvider, IAsyncDisposable
{
    public TimeSpan MaxStaleness => maxStaleness;

    [Obsolete("Orleans no longer reads it; every provider is updatable.")]
    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => InitializeGatewayListProviderAsync(CancellationToken.None);

    public async Task InitializeGatewayListProviderAsync(CancellationToken cancellationToken)
    {
        await store.EnsureSchemaAsync(cancellationToken);
        LogReady(clusterId, store.Description);
    }

    public Task<IList<Uri>> GetGateways() => GetGatewaysAsync(CancellationToken.None);

    public Task<IList<Uri>> GetGatewaysAsync(CancellationToken cancellationToken) => store.RunAsync(async connection =>
    {
        var gateways = new List<Uri>();
        await using (var command = connection.Command(
            "SELECT address, proxy_port, generation FROM bigdl_silos WHERE cluster_id = @cluster AND status = @active AND proxy_port > 0")
            .With("cluster", clusterId).With("active", (int)SiloStatus.Active))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                gateways.Add(SiloAddress.New(IPAddress.Parse(reader.GetString(0)), reader.GetInt32(1), reader.GetInt32(2)).ToGatewayUri());
            }
        }

        if (gateways.Count == 0)
        {
            await using var command = connection.Command(
                "SELECT DISTINCT cluster_id FROM bigdl_silos WHERE status = @active AND proxy_port > 0").With("active", (int)SiloStatus.Active);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var others = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                others.Add(reader.GetString(0));
            }

            if (others.Count > 0)
            {
                LogClusterIdMismatch(clusterId, store.Description, string.Join(", ", others.Order(StringComparer.Ordinal).Select(c => $"'{c}'")));
            }
        }

        return (IList<Uri>)gateways;
    }, cancellationToken);

    public ValueTask DisposeAsync() => store.DisposeAsync();

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway list of cluster {ClusterId} is read from {Database}")]
    private partial void LogReady(string clusterId, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ClusterOptions.ClusterId is '{ClusterId}', but {Database} has active gateways only for cluster {Clusters}; check the client's cluster id")]
    private partial void LogClusterIdMismatch(string clusterId, string database, string clusters);
}
