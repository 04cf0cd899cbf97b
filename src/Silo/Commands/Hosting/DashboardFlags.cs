using System.CommandLine;
using System.Net;
using BigDL.Dashboard;

namespace BigDL.Silo.Commands.Hosting;

/// <summary>The options of commands that serve the dashboard: <c>--dashboard-port</c>, <c>--dashboard-host</c>, <c>--dashboard-key</c>.</summary>
internal sealed class DashboardFlags
{
    /// <summary>The dashboard's port when none is given.</summary>
    public const int DefaultPort = 5080;

    readonly Option<int> port = new("--dashboard-port")
    {
        Description = $"The dashboard's port (default {DefaultPort}; 0 picks a free one).",
        DefaultValueFactory = _ => DefaultPort,
    };

    readonly Option<string> host = new("--dashboard-host")
    {
        Description = "The address the dashboard listens on (default 127.0.0.1, this machine only; any other address needs a key).",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    readonly Option<string?> key = new("--dashboard-key")
    {
        Description = $"The API key the dashboard asks for (default: ${DashboardOptions.KeyEnvironmentVariable}; none on loopback).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(port);
        command.Options.Add(host);
        command.Options.Add(key);
    }

    /// <summary>Reads and checks the endpoint; throws <see cref="ArgumentException"/> naming the option to fix.</summary>
    public DashboardEndpoint Read(ParseResult result) => DashboardEndpoint.Read(
        result.GetValue(host)!, // has a default value
        result.GetValue(port),
        result.GetValue(key) ?? Environment.GetEnvironmentVariable(DashboardOptions.KeyEnvironmentVariable));

    /// <summary>Gets whether the port was given on the command line rather than defaulted.</summary>
    public bool PortGiven(ParseResult result) => result.GetResult(port) is { Implicit: false };
}

/// <summary>Where the dashboard listens and the key it asks for, checked before anything starts.</summary>
internal sealed record DashboardEndpoint(IPAddress Address, int Port, string? Key)
{
    public static DashboardEndpoint Read(string host, int port, string? key)
    {
        if (!IPAddress.TryParse(host, out var address))
        {
            throw new ArgumentException($"--dashboard-host '{host}' is not an IP address; use 127.0.0.1 (this machine) or e.g. 0.0.0.0 (every interface, with --dashboard-key).");
        }

        if (port is < 0 or > 65535)
        {
            throw new ArgumentException($"--dashboard-port {port} is not a port; use 1-65535, or 0 for a free one.");
        }

        key = string.IsNullOrEmpty(key) ? null : key;
        if (key is null && !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException(
                $"the dashboard would listen on {host}, beyond this machine, with no API key; give one with --dashboard-key or ${DashboardOptions.KeyEnvironmentVariable}, or listen on 127.0.0.1.");
        }

        return new DashboardEndpoint(address, port, key);
    }
}
