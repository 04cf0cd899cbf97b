using System.CommandLine;
using System.Globalization;
using BigDL.Grains;
using BigDL.Silo.Commands.Cli;
using BigDL.Silo.Commands.Experiments;
using Spectre.Console;

namespace BigDL.Silo.Commands.Models;

/// <summary><c>bigdl model list</c>: every registered model version with its metrics and source.</summary>
internal static class ModelListCommand
{
    public static Command Create()
    {
        var gateway = new GatewayFlags();
        var command = new Command("list", "List every model version in the registry: metrics, the trial it came from, size, registration time.");
        gateway.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var client = await gateway.ConnectAsync(result, cancellationToken);
            var entries = await client.GetGrain<ICatalogGrain>(CatalogKinds.Models).List();
            if (entries.IsEmpty)
            {
                Terminal.Out.WriteLine("no models yet; an experiment registers its best models as its trials complete.");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("model").AddColumn("version").AddColumn("metrics").AddColumn("source").AddColumn(new TableColumn("bytes").RightAligned()).AddColumn("registered (UTC)");
            foreach (var entry in entries)
            {
                foreach (var v in await client.GetGrain<IModelRegistryGrain>(entry.Name).List())
                {
                    table.AddRow(
                        Markup.Escape(v.Name),
                        v.Version.ToString(CultureInfo.InvariantCulture),
                        Markup.Escape(string.Join(", ", v.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={TrialText.Value(m.Value)}"))),
                        Markup.Escape(v.Source),
                        v.SizeBytes.ToString(CultureInfo.InvariantCulture),
                        v.RegisteredAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                }
            }

            Terminal.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
