using System.CommandLine;
using BigDL.Orleans.Hosting;
using BigDL.Orleans.Silo.Commands.Hosting;
using BigDL.Orleans.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Silo.Commands;

/// <summary>The <c>bigdl silo</c> command: runs a silo with the dashboard until Ctrl+C.</summary>
internal static class SiloCommand
{
    /// <summary>The dashboard's port when none is given.</summary>
    public const int DefaultDashboardPort = DashboardFlags.DefaultPort;

    public static Command Create()
    {
        var storage = new Option<string?>("--store")
        {
            Description = "Where grain state and reminders live: a SQLite file path (default ./bigdl.db), a PostgreSQL connection string (Host=...) or 'memory'.",
        };
        var clusterId = new Option<string?>("--cluster-id") { Description = "The cluster to join (default 'dev')." };
        var dashboard = new DashboardFlags();
        var cluster = new ClusterFlags();
        var command = new Command("silo", "Run a silo with the dashboard in this process until Ctrl+C.") { storage, clusterId };
        dashboard.AddTo(command);
        cluster.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var builder = DashboardHost.CreateBuilder(dashboard.Read(result));
                builder.UseBigDLSilo(o =>
                {
                    o.Storage = result.GetValue(storage) ?? o.Storage;
                    o.ClusterId = result.GetValue(clusterId) ?? o.ClusterId;
                    AddServiceGrains(o);
                    cluster.Apply(result, o);
                });

                await using var app = DashboardHost.Build(builder);
                app.Lifetime.ApplicationStarted.Register(() => PrintAddresses(app));
                if (!await DashboardHost.StartAsync(app, cancellationToken))
                {
                    return 0; // Ctrl+C while starting: what had started was stopped as cleanly as after a full start
                }

                await app.WaitForShutdownAsync(cancellationToken); // Ctrl+C / SIGTERM stop the host here
                return 0;
            }
            catch (Exception e) when (IsStartFailure(e))
            {
                await Console.Error.WriteLineAsync($"bigdl silo: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Hosts the service's grains (and this assembly's) in the silo.</summary>
    public static void AddServiceGrains(SiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddGrainAssembly(typeof(SiloCommand).Assembly);
        options.AddGrainAssembly(typeof(BigDL.Orleans.Grains.ExperimentGrain).Assembly);
    }

    /// <summary>Prints one stable line per address, so scripts (and the multi-process tests) learn the ports picked for 0.</summary>
    public static void PrintAddresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var self = app.Services.GetRequiredService<ILocalSiloDetails>();
        if (self.SiloAddress is { } address)
        {
            Console.WriteLine($"silo: {address}");
        }

        if (self.GatewayAddress is { } gateway)
        {
            Console.WriteLine($"gateway: {gateway}");
        }

        Console.WriteLine($"dashboard: {DashboardHost.Url(app)}");
    }

    /// <summary>Whether <paramref name="e"/> is a start failure the user can fix from its message (a bad option, an unreachable store, a busy port).</summary>
    public static bool IsStartFailure(Exception e) =>
        e is OptionsValidationException or StorageUnavailableException or StorageSchemaException or InvalidOperationException or IOException or ArgumentException;
}
