using System.CommandLine;
using BigDL.Grains;
using BigDL.Security;
using Orleans.Runtime.Messaging;

namespace BigDL.Silo.Commands.Cli;

/// <summary>The options of commands that talk to a cluster through a gateway: <c>--gateway</c> and <c>--api-key</c>.</summary>
internal sealed class GatewayFlags
{
    /// <summary>The environment variable read for the gateway addresses.</summary>
    public const string GatewayEnvironmentVariable = "BIGDL_GATEWAY";

    /// <summary>The gateway tried when neither <c>--gateway</c> nor <c>$BIGDL_GATEWAY</c> is given: a local <c>bigdl silo --gateway-port 30000</c>.</summary>
    public const string DefaultGateway = "127.0.0.1:30000";

    // Long enough for a silo that is still starting, short enough that a wrong address fails while the user waits.
    static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    readonly Option<string?> gateway = new("--gateway")
    {
        Description = $"The cluster's gateway as host:port, or several separated by commas (default: ${GatewayEnvironmentVariable}, else {DefaultGateway}).",
    };

    /// <summary>The environment variable read for the cluster id.</summary>
    public const string ClusterIdEnvironmentVariable = "BIGDL_CLUSTER_ID";

    readonly Option<string?> clusterId = new("--cluster-id")
    {
        Description = $"The cluster the gateway belongs to, as its silos were started with (default: ${ClusterIdEnvironmentVariable}, else '{BigDLClient.DefaultClusterId}').",
    };

    readonly Option<string?> apiKey = new("--api-key")
    {
        Description = $"The key the silo's gateway was started with (default: ${ClusterFlags.ApiKeyEnvironmentVariable}, which keeps it out of the process list).",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(gateway);
        command.Options.Add(apiKey);
        command.Options.Add(clusterId);
    }

    /// <summary>Gets the gateway addresses the command line or the environment name.</summary>
    public string Gateways(ParseResult result) =>
        NonEmpty(result.GetValue(gateway)) ?? NonEmpty(Environment.GetEnvironmentVariable(GatewayEnvironmentVariable)) ?? DefaultGateway;

    /// <summary>Connects to the cluster; a missing key, a bad address, no answer or a refused key is a <see cref="CliException"/>.</summary>
    public async Task<BigDLClient> ConnectAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var key = NonEmpty(result.GetValue(apiKey)) ?? NonEmpty(Environment.GetEnvironmentVariable(ClusterFlags.ApiKeyEnvironmentVariable))
            ?? throw new CliException(
                $"no API key: set ${ClusterFlags.ApiKeyEnvironmentVariable} (or --api-key) to the key the silo was started with.", ExitCodes.Usage);
        var gateways = Gateways(result);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            var cluster = NonEmpty(result.GetValue(clusterId)) ?? NonEmpty(Environment.GetEnvironmentVariable(ClusterIdEnvironmentVariable)) ?? BigDLClient.DefaultClusterId;
            return await BigDLClient.ConnectAsync(gateways, key, cluster, timeout.Token);
        }
        catch (ArgumentException e)
        {
            var message = e.Message.Split(" (Parameter", 2)[0];
            throw new CliException(e.ParamName == "apiKey" ? message : $"{message} (from --gateway or ${GatewayEnvironmentVariable})", ExitCodes.Usage);
        }
        catch (AuthenticationRefusedException e)
        {
            // Before the unreachable case: the refusal wraps the connection failure it was found in.
            throw new CliException($"the cluster at {gateways} refused the API key (from --api-key or ${ClusterFlags.ApiKeyEnvironmentVariable}): {e.Message}", e);
        }
        catch (Exception e) when (Refusal(e) is not null)
        {
            throw new CliException(
                $"the gateway at {gateways} refused the API key: set ${ClusterFlags.ApiKeyEnvironmentVariable} (or --api-key) to the key the silo was started with.",
                e);
        }
        catch (Exception e) when (e is not CliException && !cancellationToken.IsCancellationRequested && IsUnreachable(e))
        {
            throw new CliException(
                $"cannot reach the cluster at {gateways}: no gateway answered within {ConnectTimeout.TotalSeconds:0} s, or it belongs to another cluster than --cluster-id names. Start one with 'bigdl silo --gateway-port 30000', or point --gateway (${GatewayEnvironmentVariable}) at a running one.",
                e);
        }
    }

    // Orleans reports a gateway it could not reach (or that dropped the connection during the handshake) with one of these.
    static bool IsUnreachable(Exception e) =>
        e is OperationCanceledException or SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException or TimeoutException
        || e.InnerException is { } inner && IsUnreachable(inner);

    static AuthenticationRefusedException? Refusal(Exception? e) =>
        e is null ? null : e as AuthenticationRefusedException ?? Refusal(e.InnerException);

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
