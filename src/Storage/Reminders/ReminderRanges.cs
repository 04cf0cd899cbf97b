namespace BigDL.Storage.Reminders;

/// <summary>Orleans' hash-range rule for reminder reads: <c>(begin, end]</c>, wrapping past <see cref="uint.MaxValue"/> when begin ≥ end.</summary>
internal static class ReminderRanges
{
    /// <summary>Whether <paramref name="hash"/> lies in the range; begin == end is the whole ring, as in Orleans' own tables.</summary>
    public static bool Contains(uint begin, uint end, uint hash) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    /// <summary>The SQL condition on the column <c>grain_hash</c>, with parameters <c>@begin</c> and <c>@end</c>.</summary>
    /// <remarks>When begin ≥ end the range wraps: everything above begin and everything up to end, which for begin == end is every hash.</remarks>
    public static string Condition(uint begin, uint end) =>
        begin < end ? "grain_hash > @begin AND grain_hash <= @end" : "(grain_hash > @begin OR grain_hash <= @end)";
}
