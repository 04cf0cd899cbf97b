using BigDL.Orleans.Membership;

namespace BigDL.Orleans.Runtime.Tests.Membership;

public sealed class MembershipModelTests
{
    static readonly DateTime At = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    static MembershipEntry Entry(params SuspectVote[] votes) => new()
    {
        SiloAddress = new SiloAddress("h", 1, 1),
        SiloName = "a",
        Status = SiloStatus.Active,
        SuspectTimes = votes,
    };

    [Theory]
    [InlineData(SiloStatus.None, false)]
    [InlineData(SiloStatus.Created, false)]
    [InlineData(SiloStatus.Joining, false)]
    [InlineData(SiloStatus.Active, false)]
    [InlineData(SiloStatus.ShuttingDown, true)]
    [InlineData(SiloStatus.Stopping, true)]
    [InlineData(SiloStatus.Dead, true)]
    public void Only_leaving_and_dead_silos_are_terminating(SiloStatus status, bool terminating)
    {
        Assert.Equal(terminating, status.IsTerminating());
    }

    [Fact]
    public void Entries_with_equal_suspicions_in_separate_lists_are_equal()
    {
        var vote = new SuspectVote(new SiloAddress("x", 2, 2), At);

        Assert.Equal(Entry(vote), Entry(new SuspectVote(new SiloAddress("x", 2, 2), At)));
        Assert.Equal(Entry(vote).GetHashCode(), Entry(vote).GetHashCode());
        Assert.NotEqual(Entry(vote), Entry());
        Assert.NotEqual(Entry(vote), Entry(vote with { At = At.AddTicks(10) }));
        Assert.NotEqual(Entry(vote), Entry(vote) with { SiloName = "b" });
    }

    [Fact]
    public void The_next_version_is_one_higher_and_carries_the_etag_read()
    {
        Assert.Equal(new TableVersion(8, "e"), new TableVersion(7, "e").Next());
        Assert.Throws<OverflowException>(() => new TableVersion(int.MaxValue, "e").Next());
    }

    [Fact]
    public void Suspicions_round_trip_through_their_stored_json()
    {
        SuspectVote[] votes = [new(new SiloAddress("::1", 2, 3), At.AddTicks(1230)), new(new SiloAddress("b", 4, 5), At)];

        var json = SuspectTimesJson.Write(votes);

        Assert.Equal<SuspectVote>(votes, SuspectTimesJson.Read(json));
        Assert.Equal("[]", SuspectTimesJson.Write([]));
        Assert.Contains("\"silo\":\"[::1]:2@3\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("[{\"silo\":\"nope\",\"at\":\"2026-03-01T12:00:00Z\"}]")]
    [InlineData("[{\"at\":\"2026-03-01T12:00:00Z\"}]")]
    public void Stored_suspicions_that_are_not_the_expected_json_give_FormatException(string json)
    {
        Assert.Throws<FormatException>(() => SuspectTimesJson.Read(json));
    }

    [Fact]
    public void A_snapshot_finds_a_row_by_address()
    {
        var entry = Entry();
        var data = new MembershipTableData([(entry, "etag")], new TableVersion(1, "v"));

        Assert.True(data.TryGet(entry.SiloAddress, out var found, out var eTag));
        Assert.Equal((entry, "etag"), (found, eTag));
        Assert.False(data.TryGet(new SiloAddress("h", 1, 2), out _, out _));
    }
}
