using System.CommandLine;
using BigDL.Silo.Commands.Hosting;
using BigDL.Security;
using BigDL.Silo.Hosting;
using BigDL.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService;

namespace BigDL.Silo.Commands;

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
        var clusterId = new Option<string?>("--cluster-id") { Description = "The cluster to join (default 'default', the id clients name unless told another)." };
        var dashboard = new DashboardFlags();
        var cluster = new ClusterFlags();
        var command = new Command("silo", "Run a silo with the dashboard in this process until Ctrl+C.") { storage, clusterId };
        dashboard.AddTo(command);
        cluster.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                // The store first: an unreachable or unusable one is one line here, before Orleans starts and logs its own failure.
                var store = result.GetValue(storage);
                if (!string.Equals(store?.Trim(), "memory", StringComparison.OrdinalIgnoreCase))
                {
                    await StoreSchema.EnsureCreatedAsync(store, cancellationToken);
                }

                var builder = DashboardHost.CreateBuilder(dashboard.Read(result));
                builder.Logging.AddRefusedStartFilter(); // a refused start is the one line below, not Orleans' stack traces
                builder.UseBigDLSilo(o =>
                {
                    o.Store = store ?? o.Store;
                    o.ClusterId = result.GetValue(clusterId) ?? o.ClusterId;
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
            catch (AuthenticationRefusedException e)
            {
                await Console.Error.WriteLineAsync($"bigdl silo: the cluster refused this silo; every silo of a cluster needs the same cluster secret. {e.Message}");
                return 1;
            }
            catch (OrleansClusterConnectivityCheckFailedException)
            {
                // Orleans says only which silos did not answer this silo's probes; the handshake refusal is in the log above.
                await Console.Error.WriteLineAsync(
                    $"bigdl silo: the cluster refused this silo or could not be reached: its active silos did not answer within {ServiceSilo.JoinTimeout.TotalSeconds:0} s. " +
                    $"Every silo of a cluster needs the same cluster secret (${ClusterFlags.SecretEnvironmentVariable}) and must reach the others at their advertised addresses (--advertise).");
                return 1;
            }
            catch (Exception e) when (IsStartFailure(e))
            {
                await Console.Error.WriteLineAsync($"bigdl silo: {StartFailureMessage(e)}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>Prints one stable line per address, so scripts (and the multi-process tests) learn the ports picked for 0.</summary>
    public static void PrintAddresses(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var self = app.Services.GetRequiredService<ILocalSiloDetails>();
        Console.WriteLine($"silo: {self.SiloAddress.Endpoint}");
        if (self.GatewayAddress is { } gateway)
        {
            Console.WriteLine($"gateway: {gateway.Endpoint}");
        }

        Console.WriteLine($"dashboard: {DashboardHost.Url(app)}");
    }

    /// <summary>Whether <paramref name="e"/> is a start failure the user can fix from its message (a bad option, an unreachable store, a busy port).</summary>
    public static bool IsStartFailure(Exception e) =>
        e is OptionsValidationException or OrleansException or StoreException or InvalidOperationException or IOException or ArgumentException
            or System.Net.Sockets.SocketException
        || e.InnerException is { } inner && IsStartFailure(inner);

    /// <summary>The one line that says what to fix: the innermost cause that names a setting, else the first line of the outer message.</summary>
    public static string StartFailureMessage(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is StoreException or OptionsValidationException or ArgumentException or System.Net.Sockets.SocketException)
            {
                return FirstLine(x is System.Net.Sockets.SocketException s && s.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse
                    ? $"a port is in use ({s.Message}): give --port / --gateway-port / --dashboard-port a free one, or 0 for any"
                    : x.Message);
            }
        }

        return FirstLine(e.Message);
    }

    static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd();
}
