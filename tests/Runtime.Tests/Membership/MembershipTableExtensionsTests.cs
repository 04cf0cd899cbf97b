using BigDL.Orleans.Membership;

namespace BigDL.Orleans.Runtime.Tests.Membership;

public sealed class MembershipTableExtensionsTests
{
    [Fact]
    public async Task ChangeRow_gives_up_with_a_clear_error_after_losing_every_attempt()
    {
        var table = new InMemoryMembershipTable("c");
        await table.InitializeAsync(CancellationToken.None);
        var address = new SiloAddress("h", 1, 1);
        var rival = 100;
        var calls = 0;

        // The change itself lets a rival write first on every attempt (the in-memory table completes synchronously).
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => table.ChangeRowAsync(address, current =>
        {
            calls++;
            var data = table.ReadAllAsync().Result;
            Assert.True(table.InsertRowAsync(new MembershipEntry { SiloAddress = new SiloAddress("rival", rival++, 1) }, data.Version.Next()).Result);
            return new MembershipEntry { SiloAddress = address };
        }, maxAttempts: 3));

        Assert.Equal(3, calls);
        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
        Assert.False((await table.ReadAllAsync()).TryGet(address, out _, out _));
    }

    [Fact]
    public async Task ChangeRow_after_one_lost_race_sees_the_rivals_row_and_builds_on_it()
    {
        var table = new InMemoryMembershipTable("c");
        await table.InitializeAsync(CancellationToken.None);
        var address = new SiloAddress("h", 1, 1);
        var seen = new List<string?>();

        var written = await table.ChangeRowAsync(address, current =>
        {
            seen.Add(current?.SiloName);
            if (current is null)
            {
                // A rival inserts the row between this attempt's read and its write.
                var data = table.ReadAllAsync().Result;
                Assert.True(table.InsertRowAsync(new MembershipEntry { SiloAddress = address, SiloName = "rival" }, data.Version.Next()).Result);
                return new MembershipEntry { SiloAddress = address, SiloName = "mine" };
            }

            return current with { SiloName = current.SiloName + "+mine" };
        });

        Assert.Equal(new string?[] { null, "rival" }, seen);
        Assert.Equal("rival+mine", written?.SiloName);
        Assert.Equal("rival+mine", Assert.Single((await table.ReadAllAsync()).Members).Entry.SiloName);
    }
}
