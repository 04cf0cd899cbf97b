using System.CommandLine;
using BigDL.Orleans.Hosting;
using Microsoft.Extensions.Hosting;

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
            var builder = Host.CreateApplicationBuilder();
            builder.UseBigDLSilo(o =>
            {
                o.Storage = result.GetValue(storage) ?? o.Storage;
                o.ClusterId = result.GetValue(clusterId) ?? o.ClusterId;
                o.AddGrainAssembly(typeof(SiloCommand).Assembly);
            });
            using var host = builder.Build();
            await host.RunAsync(cancellationToken); // the console lifetime stops the host on Ctrl+C / SIGTERM
            return 0;
        });
        return command;
    }
}
