using System.CommandLine;
using System.Net;
using BigDL.Orleans.Dashboard;
using BigDL.Orleans.Hosting;
using BigDL.Orleans.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Silo.Commands;

/// <summary>The <c>bigdl silo</c> command: runs a silo with the dashboard until Ctrl+C.</summary>
internal static class SiloCommand
{
    /// <summary>The dashboard's port when none is given.</summary>
    public const int DefaultDashboardPort = 5080;

    public static Command Create()
    {
        var storage = new Option<string?>("--store")
        {
            Description = "Where grain state and reminders live: a SQLite file path (default ./bigdl.db), a PostgreSQL connection string (Host=...) or 'memory'.",
        };
        var clusterId = new Option<string?>("--cluster-id") { Description = "The cluster to join (default 'dev')." };
        var dashboardPort = new Option<int>("--dashboard-port")
        {
            Description = $"The dashboard's port (default {DefaultDashboardPort}; 0 picks a free one).",
            DefaultValueFactory = _ => DefaultDashboardPort,
        };
        var dashboardHost = new Option<string>("--dashboard-host")
        {
            Description = "The address the dashboard listens on (default 127.0.0.1, this machine only; any other address needs a key).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var dashboardKey = new Option<string?>("--dashboard-key")
        {
            Description = $"The API key the dashboard asks for (default: ${DashboardOptions.KeyEnvironmentVariable}; none on loopback).",
        };
        var cluster = new ClusterFlags();
        var command = new Command("silo", "Run a silo with the dashboard in this process until Ctrl+C.") { storage, clusterId, dashboardPort, dashboardHost, dashboardKey };
        cluster.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var dashboard = DashboardEndpoint.Read(
                    result.GetValue(dashboardHost)!, // has a default value
                    result.GetValue(dashboardPort),
                    result.GetValue(dashboardKey) ?? Environment.GetEnvironmentVariable(DashboardOptions.KeyEnvironmentVariable));
                var builder = WebApplication.CreateBuilder();

                // A failed start is reported once, below, as one line; the host's and Kestrel's own reports are stack traces.
                builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
                builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.None);
                builder.WebHost.ConfigureKestrel(k => k.Listen(dashboard.Address, dashboard.Port));
                builder.UseBigDLSilo(o =>
                {
                    o.Storage = result.GetValue(storage) ?? o.Storage;
                    o.ClusterId = result.GetValue(clusterId) ?? o.ClusterId;
                    o.AddGrainAssembly(typeof(SiloCommand).Assembly);
                    o.AddGrainAssembly(typeof(BigDL.Orleans.Grains.ExperimentGrain).Assembly);
                    cluster.Apply(result, o);
                });
                builder.Services.AddBigDLDashboard(o => o.ApiKey = dashboard.Key);

                await using var app = builder.Build();
                app.UseAntiforgery();
                app.MapBigDLDashboard();
                app.Lifetime.ApplicationStarted.Register(() =>
                {
                    // One line each, stable, so scripts (and the multi-process tests) can learn the ports picked for 0.
                    var self = app.Services.GetRequiredService<ILocalSiloDetails>();
                    if (self.SiloAddress is { } address)
                    {
                        Console.WriteLine($"silo: {address}");
                    }

                    if (self.GatewayAddress is { } gateway)
                    {
                        Console.WriteLine($"gateway: {gateway}");
                    }

                    Console.WriteLine($"dashboard: {DashboardUrl(app)}");
                });
                try
                {
                    await app.StartAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C while starting: stop what already started (the silo) as cleanly as after a full start.
                    await app.StopAsync(CancellationToken.None);
                    return 0;
                }

                await app.WaitForShutdownAsync(cancellationToken); // Ctrl+C / SIGTERM stop the host here
                return 0;
            }
            catch (Exception e) when (e is OptionsValidationException or StorageUnavailableException or StorageSchemaException or InvalidOperationException or IOException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"bigdl silo: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>The dashboard's address as Kestrel bound it (the real port when 0 was asked for).</summary>
    static string DashboardUrl(WebApplication app)
    {
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "";
        return bound.TrimEnd('/') + "/";
    }

    /// <summary>Where the dashboard listens and the key it asks for, checked before anything starts.</summary>
    sealed record DashboardEndpoint(IPAddress Address, int Port, string? Key)
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
}
