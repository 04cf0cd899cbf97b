using System.CommandLine;
using BigDL.Grains;
using BigDL.Silo.Commands.Cli;
using Spectre.Console;

namespace BigDL.Silo.Commands.Campaigns;

/// <summary><c>bigdl campaign pause name</c> and <c>bigdl campaign resume name</c>: stop or restart a campaign's schedule.</summary>
internal static class CampaignPauseCommand
{
    public static Command Create(bool pause)
    {
        var name = new Argument<string>("name") { Description = pause ? "The campaign to pause." : "The campaign to resume." };
        var gateway = new GatewayFlags();
        var command = pause
            ? new Command("pause", "Pause a campaign: no new runs start (a running experiment goes on) until it is resumed.") { name }
            : new Command("resume", "Resume a paused campaign from its next occurrence (occurrences missed while paused are not made up).") { name };
        gateway.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var campaign = result.GetValue(name)!;
            await using var client = await gateway.ConnectAsync(result, cancellationToken);
            var grain = client.GetGrain<ICampaignGrain>(campaign);
            if ((await grain.GetStatus()).Phase == CampaignPhase.None)
            {
                throw new CliException($"campaign '{campaign}' does not exist; 'bigdl campaign list' shows the campaigns there are.");
            }

            if (pause)
            {
                await grain.Pause();
                Terminal.Out.WriteLine($"campaign {campaign} paused");
            }
            else
            {
                await grain.Resume();
                Terminal.Out.WriteLine($"campaign {campaign} resumed: next run {CampaignAddCommand.TimeText((await grain.GetStatus()).NextRunAt)}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
