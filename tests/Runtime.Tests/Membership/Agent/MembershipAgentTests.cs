using System.Collections.Concurrent;
using BigDL.Orleans.Membership;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigDL.Orleans.Runtime.Tests.Membership.Agent;

public sealed class MembershipAgentTests : IAsyncDisposable
{
    readonly InMemoryMembershipTable table = new("agent-tests-" + Guid.NewGuid().ToString("N"));
    readonly FakeNetwork network = new();
    readonly List<MembershipAgent> agents = [];
    readonly ConcurrentBag<SiloAddress> stoppedByTable = [];

    static ClusterMembershipOptions Fast => new()
    {
        IAmAlivePeriod = TimeSpan.FromMilliseconds(100),
        IAmAliveExpiration = TimeSpan.FromSeconds(60), // probes decide in these tests; a loaded machine may stall heartbeats
        ProbePeriod = TimeSpan.FromMilliseconds(100),
        ProbeTimeout = TimeSpan.FromMilliseconds(200),
        MissedProbesLimit = 3,
        TableRefreshPeriod = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task Joining_silos_become_active_and_see_each_other()
    {
        var a = await Join(1);
        var b = await Join(2);
        var c = await Join(3);

        await Eventually.TrueAsync(() => agents.All(x => x.Current.ActiveSilos.Count == 3), "every silo sees three active silos");

        Assert.Equal([a.Self, b.Self, c.Self], a.Current.ActiveSilos);
    }

    [Fact]
    public async Task A_killed_silo_is_declared_dead_by_the_others_votes()
    {
        var a = await Join(1);
        var b = await Join(2);
        var c = await Join(3);
        await Eventually.TrueAsync(() => agents.All(x => x.Current.ActiveSilos.Count == 3), "three active silos");

        await Kill(c);

        await Eventually.TrueAsync(() => a.Current.StatusOf(c.Self) == SiloStatus.Dead && b.Current.StatusOf(c.Self) == SiloStatus.Dead, "the killed silo is dead in both views");
        var row = (await table.ReadRowAsync(c.Self)).Members.Single().Entry;
        Assert.Equal([a.Self, b.Self], row.SuspectTimes.Select(v => v.Suspecter).Distinct().Order()); // two votes: the quorum of 2
        Assert.Equal(SiloStatus.Active, a.Current.StatusOf(b.Self));
    }

    [Fact]
    public async Task The_last_remaining_silo_declares_a_dead_peer_alone()
    {
        var a = await Join(1);
        var b = await Join(2);
        await Eventually.TrueAsync(() => a.Current.ActiveSilos.Count == 2, "two active silos");

        await Kill(b);

        await Eventually.TrueAsync(() => a.Current.StatusOf(b.Self) == SiloStatus.Dead, "the peer is dead");
        Assert.Equal([a.Self], a.Current.ActiveSilos);
    }

    [Fact]
    public async Task A_lone_silo_started_after_the_whole_cluster_was_killed_declares_the_old_silos_dead()
    {
        var shortExpiry = Fast;
        shortExpiry.IAmAliveExpiration = TimeSpan.FromSeconds(2);
        var a = await Join(1, options: shortExpiry);
        var b = await Join(2, options: shortExpiry);
        var c = await Join(3, options: shortExpiry);
        await Eventually.TrueAsync(() => agents.All(x => x.Current.ActiveSilos.Count == 3), "three active silos");
        await Kill(a);
        await Kill(b);
        await Kill(c);

        // Three Active rows that will never vote: once their heartbeats are stale, the newcomer's own vote is the quorum.
        var d = await Join(4, options: shortExpiry);

        await Eventually.TrueAsync(
            () => new[] { a, b, c }.All(old => d.Current.StatusOf(old.Self) == SiloStatus.Dead), "the three killed silos are dead in the newcomer's view");
        Assert.Equal([d.Self], d.Current.ActiveSilos);
    }

    [Fact]
    public async Task A_cut_off_silo_is_outvoted_and_stops_itself_when_it_reads_that_it_is_dead()
    {
        var a = await Join(1);
        var b = await Join(2);
        var c = await Join(3);
        await Eventually.TrueAsync(() => agents.All(x => x.Current.ActiveSilos.Count == 3), "three active silos");

        // b still runs but reaches nobody: a and c vote it dead (quorum 2); b's lone votes against them never reach a quorum.
        network.Cut(b.Self);

        await Eventually.TrueAsync(() => stoppedByTable.Contains(b.Self), "the cut-off silo stopped itself");
        Assert.DoesNotContain(a.Self, stoppedByTable);
        Assert.DoesNotContain(c.Self, stoppedByTable);
        Assert.Equal(SiloStatus.Active, a.Current.StatusOf(c.Self));
    }

    [Fact]
    public async Task A_silo_whose_heartbeat_expires_is_declared_dead_even_if_it_still_answers_probes()
    {
        var shortExpiry = Fast;
        shortExpiry.IAmAliveExpiration = TimeSpan.FromSeconds(2);
        var a = await Join(1, options: shortExpiry);
        var b = await Join(2, options: shortExpiry);
        await Eventually.TrueAsync(() => a.Current.ActiveSilos.Count == 2, "two active silos");

        await b.DisposeAsync(); // stops heartbeats, while the fake network still answers b's probes

        await Eventually.TrueAsync(() => a.Current.StatusOf(b.Self) == SiloStatus.Dead, "the silent silo is dead");
    }

    [Fact]
    public async Task A_graceful_leave_marks_the_silo_dead_without_waiting_for_probes()
    {
        var a = await Join(1);
        var b = await Join(2);
        await Eventually.TrueAsync(() => a.Current.ActiveSilos.Count == 2, "two active silos");

        await b.LeaveAsync(CancellationToken.None);
        await a.RefreshAsync();

        Assert.Equal(SiloStatus.Dead, a.Current.StatusOf(b.Self));
        Assert.Empty((await table.ReadRowAsync(b.Self)).Members.Single().Entry.SuspectTimes); // no votes were needed
    }

    [Fact]
    public async Task A_restarted_silo_retires_its_older_generation()
    {
        var old = await Join(1, generation: 100);
        await Kill(old);

        var restarted = await Join(1, generation: 200);

        Assert.Equal(SiloStatus.Dead, restarted.Current.StatusOf(old.Self));
        Assert.Equal(SiloStatus.Active, restarted.Current.StatusOf(restarted.Self));
    }

    [Fact]
    public async Task Subscribers_hear_every_new_view()
    {
        var a = await Join(1);
        var views = new ConcurrentQueue<int>();
        a.Subscribe(view => views.Enqueue(view.ActiveSilos.Count));

        await Join(2);

        await Eventually.TrueAsync(() => views.Contains(2), "a subscriber heard the second silo join");
        Assert.Equal(1, views.First());
    }

    async Task<MembershipAgent> Join(int port, int generation = 1, ClusterMembershipOptions? options = null)
    {
        var self = new SiloAddress("127.0.0.1", 30000 + port, generation);
        network.Start(self);
        MembershipAgent? agent = null;
        agent = new MembershipAgent(table, network.ProberFor(self), self, $"silo-{port}", 0, options ?? Fast, NullLogger.Instance, () =>
        {
            stoppedByTable.Add(self);
            return Task.CompletedTask;
        });
        agents.Add(agent);
        await agent.JoinAsync(CancellationToken.None);
        return agent;
    }

    async Task Kill(MembershipAgent agent)
    {
        network.Cut(agent.Self);
        await agent.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }
    }

    /// <summary>Which silos answer probes; a cut silo neither answers nor reaches anyone.</summary>
    sealed class FakeNetwork
    {
        readonly ConcurrentDictionary<SiloAddress, bool> up = new();

        public void Start(SiloAddress silo) => up[silo] = true;

        public void Cut(SiloAddress silo) => up[silo] = false;

        public ISiloProber ProberFor(SiloAddress self) => new Prober(this, self);

        sealed class Prober(FakeNetwork network, SiloAddress self) : ISiloProber
        {
            public Task<bool> ProbeAsync(SiloAddress silo, CancellationToken cancellationToken) =>
                Task.FromResult(network.up.GetValueOrDefault(self) && network.up.GetValueOrDefault(silo));
        }
    }
}
