using Quartz;

namespace BigDL.Grains;

/// <summary>A campaign's cron expression read in its time zone (Quartz's <see cref="CronExpression"/>), validated once.</summary>
internal sealed class CampaignSchedule
{
    readonly CronExpression cron;

    CampaignSchedule(CronExpression cron)
    {
        this.cron = cron;
    }

    /// <summary>Reads <paramref name="spec"/>'s schedule; throws <see cref="CampaignSpecException"/> naming <c>cron</c> or <c>timeZone</c>.</summary>
    public static CampaignSchedule Parse(CampaignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Cron))
        {
            throw new CampaignSpecException("cron", "the cron expression is missing");
        }

        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(spec.TimeZone) ? "UTC" : spec.TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new CampaignSpecException("timeZone", $"unknown time zone '{spec.TimeZone}': {e.Message}");
        }

        CronExpression cron;
        try
        {
            cron = new CronExpression(spec.Cron) { TimeZone = zone };
        }
        catch (FormatException e)
        {
            throw new CampaignSpecException("cron", e.Message);
        }

        var schedule = new CampaignSchedule(cron);
        if (schedule.NextAfter(DateTime.UtcNow) is null)
        {
            throw new CampaignSpecException("cron", $"'{spec.Cron}' has no occurrence after now");
        }

        return schedule;
    }

    /// <summary>Gets the first occurrence strictly after <paramref name="utc"/>, in UTC, or null when there is none.</summary>
    public DateTime? NextAfter(DateTime utc) =>
        cron.GetNextValidTimeAfter(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)))?.UtcDateTime;
}
