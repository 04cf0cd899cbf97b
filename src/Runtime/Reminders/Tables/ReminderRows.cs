using System.Globalization;

namespace BigDL.Orleans.Reminders;

/// <summary>What the reminder tables share: the hash-range rule, UTC handling and checks on entries.</summary>
internal static class ReminderRows
{
    /// <summary>Whether the range <c>(begin, end]</c> covers every hash: <c>(0, uint.MaxValue]</c> or begin == end, as in Orleans.</summary>
    public static bool IsFullRange(uint begin, uint end) => begin == end || (begin == 0 && end == uint.MaxValue);

    /// <summary>Whether <paramref name="hash"/> lies in <c>(begin, end]</c>, wrapping past <see cref="uint.MaxValue"/> when begin ≥ end.</summary>
    public static bool InRange(uint hash, uint begin, uint end) =>
        IsFullRange(begin, end) || (begin < end ? hash > begin && hash <= end : hash > begin || hash <= end);

    /// <summary>The SQL condition for a range on a column named <c>grain_hash</c> with parameters <paramref name="beginParameter"/> and <paramref name="endParameter"/>.</summary>
    public static string RangeCondition(uint begin, uint end, string beginParameter, string endParameter) =>
        IsFullRange(begin, end) ? "TRUE"
        : begin < end ? $"grain_hash > {beginParameter} AND grain_hash <= {endParameter}"
        : $"(grain_hash > {beginParameter} OR grain_hash <= {endParameter})";

    /// <summary>A start time as UTC: a local time is converted, an unspecified one is taken to be UTC already.</summary>
    public static DateTime ToUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Local => time.ToUniversalTime(),
        DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
        _ => time,
    };

    public static string FormatUtc(DateTime time) => ToUtc(time).ToString("O", CultureInfo.InvariantCulture);

    public static DateTime ParseUtc(string text) => DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);

    /// <summary>Rejects entries no table could store.</summary>
    public static void Validate(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.ReminderName, nameof(entry));
        ArgumentException.ThrowIfNullOrEmpty(entry.GrainId.Type, nameof(entry));
        if (entry.Period < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(entry), entry.Period, $"The period of reminder '{entry.ReminderName}' of {entry.GrainId} is negative.");
        }
    }

    public static long PeriodMilliseconds(ReminderEntry entry) => (long)entry.Period.TotalMilliseconds;
}
