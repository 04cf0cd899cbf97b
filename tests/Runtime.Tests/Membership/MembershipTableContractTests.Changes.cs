using BigDL.Orleans.Membership;

namespace BigDL.Orleans.Runtime.Tests.Membership;

/// <summary><see cref="MembershipTableExtensions.ChangeRowAsync"/>, the protocol's read-modify-write loop, on each table.</summary>
public abstract partial class MembershipTableContractTests
{
    [Fact]
    public async Task ChangeRow_inserts_a_missing_row_then_updates_it()
    {
        var address = Address(11111);

        var joined = await Table.ChangeRowAsync(address, current => current ?? Entry(address, SiloStatus.Joining));
        var active = await Table.ChangeRowAsync(address, current => current! with { Status = SiloStatus.Active });

        Assert.Equal(SiloStatus.Joining, joined?.Status);
        Assert.Equal(Entry(address, SiloStatus.Active), active);
        var data = await Table.ReadAllAsync();
        Assert.Equal(active, Assert.Single(data.Members).Entry);
        Assert.Equal(2, data.Version.Version);
    }

    [Fact]
    public async Task ChangeRow_writes_nothing_when_the_change_declines()
    {
        var before = await Table.ReadAllAsync();

        Assert.Null(await Table.ChangeRowAsync(Address(11111), current => null));

        Assert.Equal(before, await Table.ReadAllAsync());
    }

    [Fact]
    public async Task Concurrent_ChangeRow_calls_on_one_row_apply_every_change_exactly_once()
    {
        const int changesEach = 5;
        var address = Address(11111);
        await InsertAsync(Entry(address) with { GatewayPort = 0 });
        var silos = await SilosAsync(4);

        // Each change adds one to the gateway port, used here as a counter: a lost update would leave it short.
        await Task.WhenAll(silos.Select(async silo =>
        {
            for (var i = 0; i < changesEach; i++)
            {
                await silo.ChangeRowAsync(address, current => current! with { GatewayPort = current.GatewayPort + 1 }, maxAttempts: 10_000);
            }
        }));

        var after = await Table.ReadAllAsync();
        Assert.Equal(silos.Count * changesEach, Row(after, address).Entry.GatewayPort);
        Assert.Equal(1 + (silos.Count * changesEach), after.Version.Version);
    }

    [Fact]
    public async Task ChangeRow_refuses_a_change_that_returns_another_silos_row()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Table.ChangeRowAsync(Address(11111), _ => Entry(Address(22222))));

        Assert.Contains(Address(22222).ToString(), error.Message, StringComparison.Ordinal);
        Assert.Empty((await Table.ReadAllAsync()).Members);
    }
}
