using System.CommandLine;
using BigDL.Grains;
using BigDL.Silo.Commands.Cli;
using BigDL.Silo.Commands.Experiments;
using Spectre.Console;

namespace BigDL.Silo.Commands.Campaigns;

/// <summary><c>bigdl campaign add name --cron ... --spec spec.json</c>: schedules an experiment spec on a cron expression.</summary>
internal static class CampaignAddCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The campaign's name; each run's experiment is named name-1, name-2, ..." };
        var cron = new Option<string>("--cron")
        {
            Description = "When runs start, a Quartz cron expression (seconds first): '0 0 3 * * ?' is 03:00 daily, '0 */15 * * * ?' every quarter hour.",
            Required = true,
        };
        var timeZone = new Option<string>("--time-zone") { Description = "The time zone the schedule is read in (IANA id).", DefaultValueFactory = _ => "UTC" };
        var spec = new Option<string>("--spec") { Description = "The experiment spec (JSON file) every run starts from.", Required = true };
        var gateway = new GatewayFlags();
        var command = new Command("add", "Add a campaign: an experiment spec started at each occurrence of a cron schedule.") { name, cron, timeZone, spec };
        gateway.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var campaign = result.GetValue(name)!;
            var experiment = SpecFile.Read(result.GetValue(spec)!);
            var campaignSpec = new CampaignSpec { Cron = result.GetValue(cron)!, TimeZone = result.GetValue(timeZone)!, Experiment = experiment };
            await using var client = await gateway.ConnectAsync(result, cancellationToken);
            var grain = client.GetGrain<ICampaignGrain>(campaign);
            try
            {
                await grain.Create(campaignSpec);
            }
            catch (CampaignSpecException e)
            {
                throw new CliException($"campaign '{campaign}': {Flag(e.Message)}", e);
            }

            var status = await grain.GetStatus();
            Terminal.Out.WriteLine($"added campaign {campaign}: next run {TimeText(status.NextRunAt)}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Names the option a campaign field comes from, so the message says what to change on the command line.</summary>
    static string Flag(string message) =>
        message.StartsWith("cron:", StringComparison.Ordinal) ? "--cron" + message[4..]
        : message.StartsWith("timeZone:", StringComparison.Ordinal) ? "--time-zone" + message[8..]
        : message.StartsWith("experiment.", StringComparison.Ordinal) ? "--spec: " + message["experiment.".Length..]
        : message;

    /// <summary>A UTC time as the campaign commands print it.</summary>
    public static string TimeText(DateTime? time) =>
        time?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
