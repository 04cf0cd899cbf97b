using System.CommandLine;
using System.Globalization;
using BigDL.Grains;
using BigDL.Silo.Commands.Cli;
using Spectre.Console;

namespace BigDL.Silo.Commands.Experiments;

/// <summary><c>bigdl experiment list</c>: every experiment of the cluster with its phase, progress and best value.</summary>
internal static class ExperimentListCommand
{
    public static Command Create()
    {
        var gateway = new GatewayFlags();
        var command = new Command("list", "List the cluster's experiments: phase, trials finished of the budget, running, best value, start time.");
        gateway.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var client = await gateway.ConnectAsync(result, cancellationToken);
            var entries = await client.GetGrain<ICatalogGrain>(CatalogKinds.Experiments).List();
            if (entries.IsEmpty)
            {
                Terminal.Out.WriteLine("no experiments yet; submit one with: bigdl experiment submit spec.json");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("name").AddColumn("phase").AddColumn("finished").AddColumn("running").AddColumn(new TableColumn("best").RightAligned()).AddColumn("started (UTC)");
            foreach (var entry in entries)
            {
                var s = await client.GetGrain<IExperimentGrain>(entry.Name).GetStatus();
                table.AddRow(
                    Markup.Escape(entry.Name),
                    TrialText.Phase(s.Phase),
                    $"{s.Complete + s.Pruned + s.Failed}/{s.BudgetTrials}",
                    s.Running.ToString(CultureInfo.InvariantCulture),
                    s.BestTrials.Length > 1 ? $"{s.BestTrials.Length} on front" : TrialText.Value(s.BestValue),
                    s.StartedAt?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-");
            }

            Terminal.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
