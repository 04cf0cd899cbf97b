using System.CommandLine;
using BigDL.Orleans.Client;

namespace BigDL.Orleans.Silo.Commands.Cli;

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

    readonly Option<string?> apiKey = new("--api-key")
    {
        Description = $"The key the silo's gateway was started with (default: ${ClusterFlags.ApiKeyEnvironmentVariable}, which keeps it out of the process list).",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(gateway);
        command.Options.Add(apiKey);
    }

    /// <summary>Gets the gateway addresses the command line or the environment name.</summary>
    public string Gateways(ParseResult result) =>
        NonEmpty(result.GetValue(gateway)) ?? NonEmpty(Environment.GetEnvironmentVariable(GatewayEnvironmentVariable)) ?? DefaultGateway;

    /// <summary>Connects to the cluster; a missing key, a bad address, no answer or a refused key is a <see cref="CliException"/>.</summary>
    public async Task<IClusterClientConnection> ConnectAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var key = NonEmpty(result.GetValue(apiKey)) ?? NonEmpty(Environment.GetEnvironmentVariable(ClusterFlags.ApiKeyEnvironmentVariable))
            ?? throw new CliException(
                $"no API key: set ${ClusterFlags.ApiKeyEnvironmentVariable} (or --api-key) to the key the silo was started with.", ExitCodes.Usage);
        var gateways = Gateways(result);
        try
        {
            return await BigDLClient.ConnectAsync(gateways, key, o => o.ConnectTimeout = ConnectTimeout, cancellationToken);
        }
        catch (ArgumentException e)
        {
            var message = e.Message.Split(" (Parameter", 2)[0];
            throw new CliException(e.ParamName == "apiKey" ? message : $"{message} (from --gateway or ${GatewayEnvironmentVariable})", ExitCodes.Usage);
        }
        catch (GatewayUnavailableException e) when (e.Message.Contains("refused this client", StringComparison.Ordinal))
        {
            throw new CliException(
                $"the gateway at {gateways} refused the API key: set ${ClusterFlags.ApiKeyEnvironmentVariable} (or --api-key) to the key the silo was started with.",
                e);
        }
        catch (GatewayUnavailableException e) when (e.Message.StartsWith("No gateway", StringComparison.Ordinal))
        {
            throw new CliException(
                $"cannot reach the cluster at {gateways}: no gateway answered within {ConnectTimeout.TotalSeconds:0} s. Start one with 'bigdl silo --gateway-port 30000', or point --gateway (${GatewayEnvironmentVariable}) at a running one.",
                e);
        }
    }

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
