using System.CommandLine;

namespace BigDL.Silo.Commands.Campaigns;

/// <summary>The <c>bigdl campaign</c> group: recurring experiments on a cron schedule.</summary>
internal static class CampaignCommand
{
    public static Command Create() => new("campaign", "Add, list, pause and resume campaigns: experiments started on a cron schedule, warm-started from earlier runs.")
    {
        CampaignAddCommand.Create(),
        CampaignListCommand.Create(),
        CampaignPauseCommand.Create(pause: true),
        CampaignPauseCommand.Create(pause: false),
    };
}
