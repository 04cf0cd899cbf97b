using System.Collections.Concurrent;
using System.Text;
using BigDL.Orleans.Cluster;
using BigDL.Orleans.Membership;
using BigDL.Orleans.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigDL.Orleans.Runtime.Tests.Cluster;

public sealed class MessageCenterTests : IAsyncDisposable
{
    static readonly byte[] Secret = Encoding.UTF8.GetBytes("cluster-secret-for-tests-0123456789");
    readonly List<MessageCenter> centers = [];

    [Fact]
    public async Task A_silo_answers_a_probe_addressed_to_its_own_generation()
    {
        var a = Start();
        var b = Start();

        Assert.True(await a.ProbeAsync(b.Self, Timeout()));
        Assert.True(await b.ProbeAsync(a.Self, Timeout()));
    }

    [Fact]
    public async Task A_probe_of_another_generation_at_the_same_endpoint_is_not_answered_yes()
    {
        var a = Start();
        var b = Start(generation: 5);

        var olderGeneration = new SiloAddress(b.Self.Host, b.Self.Port, 4);

        Assert.False(await a.ProbeAsync(olderGeneration, Timeout()));
        Assert.True(await a.ProbeAsync(b.Self, Timeout()));
    }

    [Fact]
    public async Task A_probe_of_a_stopped_silo_fails_instead_of_hanging()
    {
        var a = Start();
        var b = Start();
        Assert.True(await a.ProbeAsync(b.Self, Timeout()));

        await b.DisposeAsync();

        Assert.False(await a.ProbeAsync(b.Self, Timeout()));
    }

    [Fact]
    public async Task A_silo_with_another_cluster_secret_cannot_probe_or_be_probed()
    {
        var a = Start();
        var stranger = Start(secret: Encoding.UTF8.GetBytes("another-cluster-secret-9876543210"));

        Assert.False(await a.ProbeAsync(stranger.Self, Timeout()));
        Assert.False(await stranger.ProbeAsync(a.Self, Timeout()));
    }

    [Fact]
    public async Task Requests_in_flight_fail_with_SiloUnavailableException_when_the_peer_stops()
    {
        var a = Start();
        var b = Start();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.RequestHandler = (_, _) =>
        {
            received.TrySetResult(); // and never answer: only the connection's end can finish the call
            return ValueTask.CompletedTask;
        };

        var call = a.SendRequestAsync(b.Self, id => new Message { Kind = MessageKind.Request, CorrelationId = id, Interface = "ITest", Method = "Hang" }, CancellationToken.None);
        await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await b.DisposeAsync();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => call.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_request_without_a_handler_is_answered_with_a_rejection_that_says_why()
    {
        var a = Start();
        var b = Start();

        var response = await a.SendRequestAsync(b.Self, id => new Message { Kind = MessageKind.Request, CorrelationId = id, Interface = "ITest", Method = "Call" }, Timeout());

        Assert.Equal(ResponseStatus.Rejected, response.Status);
        Assert.Contains("does not serve Request", response.RejectionReason);
    }

    [Fact]
    public async Task Membership_over_the_transport_declares_a_stopped_silo_dead()
    {
        var table = new InMemoryMembershipTable("transport-" + Guid.NewGuid().ToString("N"));
        var options = new ClusterMembershipOptions
        {
            IAmAlivePeriod = TimeSpan.FromMilliseconds(200),
            IAmAliveExpiration = TimeSpan.FromSeconds(60),
            ProbePeriod = TimeSpan.FromMilliseconds(200),
            ProbeTimeout = TimeSpan.FromSeconds(2),
            TableRefreshPeriod = TimeSpan.FromMilliseconds(200),
        };
        var silos = Enumerable.Range(0, 3).Select(_ => Start()).ToList();
        var agents = new List<MembershipAgent>();
        var stopped = new ConcurrentBag<SiloAddress>();
        foreach (var silo in silos)
        {
            var agent = new MembershipAgent(table, silo, silo.Self, silo.Self.ToString(), 0, options, NullLogger.Instance, () =>
            {
                stopped.Add(silo.Self);
                return Task.CompletedTask;
            });
            agents.Add(agent);
            await agent.JoinAsync(CancellationToken.None);
        }

        await Eventually.TrueAsync(() => agents.All(x => x.Current.ActiveSilos.Count == 3), "three active silos");

        // Kill the third silo the way a crash does: its sockets close and its protocol loops stop.
        await agents[2].DisposeAsync();
        await silos[2].DisposeAsync();

        await Eventually.TrueAsync(() => agents[0].Current.StatusOf(silos[2].Self) == SiloStatus.Dead, "the stopped silo is declared dead");
        Assert.Equal(SiloStatus.Active, agents[0].Current.StatusOf(silos[1].Self));
        Assert.Empty(stopped);
        foreach (var agent in agents.Take(2))
        {
            await agent.DisposeAsync();
        }
    }

    MessageCenter Start(int generation = 1, byte[]? secret = null)
    {
        var center = MessageCenter.Start("127.0.0.1", generation, secret ?? Secret, new TransportOptions(), NullLoggerFactory.Instance);
        centers.Add(center);
        return center;
    }

    static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    public async ValueTask DisposeAsync()
    {
        foreach (var center in centers)
        {
            await center.DisposeAsync();
        }
    }
}
