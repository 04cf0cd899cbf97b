using System.CommandLine;
using BigDL.Orleans.Hosting;
using BigDL.Orleans.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Silo.Commands;

/// <summary>The <c>bigdl silo</c> command: runs a silo until Ctrl+C.</summary>
internal static class SiloCommand
{
    public static Command Create()
    {
        var storage = new Option<string?>("--store")
        {
            Description = "Where grain state and reminders live: a SQLite file path (default ./bigdl.db), a PostgreSQL connection string (Host=...) or 'memory'.",
        };
        var clusterId = new Option<string?>("--cluster-id") { Description = "The cluster to join (default 'dev')." };
        var command = new Command("silo", "Run a silo in this process until Ctrl+C.") { storage, clusterId };
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                var builder = Host.CreateApplicationBuilder();

                // A failed start is reported once, below, as one line; the host's own report is a stack trace.
                builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
                builder.UseBigDLSilo(o =>
                {
                    o.Storage = result.GetValue(storage) ?? o.Storage;
                    o.ClusterId = result.GetValue(clusterId) ?? o.ClusterId;
                    o.AddGrainAssembly(typeof(SiloCommand).Assembly);
                    o.AddGrainAssembly(typeof(BigDL.Orleans.Grains.ExperimentGrain).Assembly);
                });
                using var host = builder.Build();
                await host.RunAsync(cancellationToken); // the console lifetime stops the host on Ctrl+C / SIGTERM
                return 0;
            }
            catch (Exception e) when (e is OptionsValidationException or StorageUnavailableException or StorageSchemaException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"bigdl silo: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
