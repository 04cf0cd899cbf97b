using System.CommandLine;
using System.Globalization;
using BigDL.Grains;
using BigDL.Silo.Commands.Cli;
using Spectre.Console;

namespace BigDL.Silo.Commands.Campaigns;

/// <summary><c>bigdl campaign list</c>: every campaign with its phase, schedule, next run and run counts.</summary>
internal static class CampaignListCommand
{
    public static Command Create()
    {
        var gateway = new GatewayFlags();
        var command = new Command("list", "List the cluster's campaigns: phase, cron schedule, next run, runs started and occurrences skipped.");
        gateway.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var client = await gateway.ConnectAsync(result, cancellationToken);
            var entries = await client.GetGrain<ICatalogGrain>(CatalogKinds.Campaigns).List();
            if (entries.IsEmpty)
            {
                Terminal.Out.WriteLine("no campaigns yet; add one with: bigdl campaign add NAME --cron '0 0 3 * * ?' --spec spec.json");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("name").AddColumn("phase").AddColumn("cron").AddColumn("time zone").AddColumn("next run").AddColumn("runs").AddColumn("skipped");
            foreach (var entry in entries)
            {
                var s = await client.GetGrain<ICampaignGrain>(entry.Name).GetStatus();
                table.AddRow(
                    Markup.Escape(entry.Name),
                    s.Phase.ToString().ToLowerInvariant(),
                    Markup.Escape(s.Spec?.Cron ?? "-"),
                    Markup.Escape(s.Spec?.TimeZone ?? "-"),
                    CampaignAddCommand.TimeText(s.NextRunAt),
                    s.Runs.ToString(CultureInfo.InvariantCulture),
                    s.Skipped.ToString(CultureInfo.InvariantCulture));
            }

            Terminal.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
