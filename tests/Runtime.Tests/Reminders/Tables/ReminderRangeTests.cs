using BigDL.Orleans.Reminders;

namespace BigDL.Orleans.Runtime.Tests.Reminders.Tables;

public sealed class ReminderRangeTests
{
    [Theory]
    [InlineData(10u, 20u, 10u, false)]
    [InlineData(10u, 20u, 11u, true)]
    [InlineData(10u, 20u, 20u, true)]
    [InlineData(10u, 20u, 21u, false)]
    [InlineData(20u, 10u, 21u, true)]
    [InlineData(20u, 10u, uint.MaxValue, true)]
    [InlineData(20u, 10u, 0u, true)]
    [InlineData(20u, 10u, 10u, true)]
    [InlineData(20u, 10u, 15u, false)]
    [InlineData(20u, 10u, 20u, false)]
    [InlineData(0u, uint.MaxValue, 0u, true)]
    [InlineData(7u, 7u, 7u, true)]
    public void A_hash_is_in_the_range_above_begin_and_up_to_end_wrapping_when_begin_is_not_below_end(uint begin, uint end, uint hash, bool expected) =>
        Assert.Equal(expected, ReminderRows.InRange(hash, begin, end));
}
