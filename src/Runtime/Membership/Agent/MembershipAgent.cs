using Microsoft.Extensions.Logging;

namespace BigDL.Orleans.Membership;

/// <summary>One silo's part in the membership protocol: joins and leaves, heartbeats, probes peers, votes the silent ones dead.</summary>
/// <remarks>
/// The table is the only shared truth. Every silo reads it each <see cref="ClusterMembershipOptions.TableRefreshPeriod"/>;
/// a silo that reads itself as Dead stops (it may be alive but cut off, and the others have already moved its grains).
/// A peer is voted dead after <see cref="ClusterMembershipOptions.MissedProbesLimit"/> missed probes or an expired
/// heartbeat; enough distinct votes (fewer when fewer silos are active, one when only the voter remains) declare it dead.
/// All writes are conditional on the table version, so concurrent voters never lose each other's votes.
/// </remarks>
internal sealed partial class MembershipAgent : IAsyncDisposable
{
    readonly IMembershipTable table;
    readonly ISiloProber prober;
    readonly ClusterMembershipOptions options;
    readonly ILogger logger;
    readonly Func<Task> onDeclaredDead;
    readonly Lock gate = new();
    readonly Lock publishing = new();
    readonly Dictionary<SiloAddress, int> missedProbes = [];
    readonly List<Action<MembershipSnapshot>> subscribers = [];
    readonly CancellationTokenSource stopping = new();
    readonly List<Task> loops = [];
    int declaredDead;

    public MembershipAgent(
        IMembershipTable table, ISiloProber prober, SiloAddress self, string siloName, int gatewayPort,
        ClusterMembershipOptions options, ILogger logger, Func<Task> onDeclaredDead)
    {
        this.table = table;
        this.prober = prober;
        this.options = options;
        this.logger = logger;
        this.onDeclaredDead = onDeclaredDead;
        Self = self;
        SiloName = siloName;
        GatewayPort = gatewayPort;
    }

    public SiloAddress Self { get; }

    public string SiloName { get; }

    public int GatewayPort { get; }

    /// <summary>Gets the latest view of the cluster.</summary>
    public MembershipSnapshot Current { get; private set; } = MembershipSnapshot.Empty;

    /// <summary>Calls <paramref name="onChange"/> with every new view (and at once with the current one).</summary>
    public void Subscribe(Action<MembershipSnapshot> onChange)
    {
        lock (gate)
        {
            subscribers.Add(onChange);
        }

        onChange(Current);
    }

    /// <summary>Writes this silo as Joining, retires its own older generations, becomes Active and starts the protocol loops.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        await table.InitializeAsync(cancellationToken);
        var now = DateTime.UtcNow;
        await table.ChangeRowAsync(Self, _ => new MembershipEntry
        {
            SiloAddress = Self, SiloName = SiloName, HostName = Environment.MachineName, Status = SiloStatus.Joining,
            GatewayPort = GatewayPort, StartTime = now, IAmAliveTime = now,
        });

        // A restarted silo on the same endpoint has a newer generation; the old one is certainly gone.
        var all = await table.ReadAllAsync();
        foreach (var (entry, _) in all.Members)
        {
            var older = entry.SiloAddress.Host == Self.Host && entry.SiloAddress.Port == Self.Port && entry.SiloAddress.Generation < Self.Generation;
            if (older && entry.Status != SiloStatus.Dead)
            {
                await table.ChangeRowAsync(entry.SiloAddress, e => e is null || e.Status == SiloStatus.Dead ? null : e with { Status = SiloStatus.Dead });
                LogRetiredOldGeneration(entry.SiloAddress);
            }
        }

        await CheckTrustedByLiveSilosAsync(all.Members.Select(m => m.Entry), cancellationToken);
        await table.ChangeRowAsync(Self, e => e is null ? null : e with { Status = SiloStatus.Active, IAmAliveTime = DateTime.UtcNow });
        await RefreshAsync();
        LogJoined(Self, Current.ActiveSilos.Count);
        loops.Add(RunEvery(options.IAmAlivePeriod, HeartbeatAsync));
        loops.Add(RunEvery(options.TableRefreshPeriod, RefreshAsync));
        loops.Add(RunEvery(options.ProbePeriod, ProbeAsync));
    }

    /// <summary>
    /// Fails the join, leaving this silo Dead in the table, when a silo whose heartbeat is fresh refuses this one's
    /// handshake: a silo with another cluster secret must not become Active, where the others would vote it dead only
    /// after it had taken grains, and its own probes would vote against the healthy silos.
    /// </summary>
    async Task CheckTrustedByLiveSilosAsync(IEnumerable<MembershipEntry> members, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var live = members.Where(e => e.Status == SiloStatus.Active && e.SiloAddress != Self && now - e.IAmAliveTime < options.IAmAliveExpiration);
        foreach (var silo in live.Select(e => e.SiloAddress))
        {
            string? refusal = null;
            for (var attempt = 0; attempt < options.MissedProbesLimit; attempt++)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.ProbeTimeout * 2); // a handshake is two round trips
                try
                {
                    refusal = await prober.HandshakeRefusalAsync(silo, timeout.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    refusal = null; // slow, not refusing: the probes will judge it
                }

                if (refusal is null)
                {
                    break;
                }

                await Task.Delay(options.ProbePeriod, cancellationToken);
            }

            if (refusal is not null)
            {
                await table.ChangeRowAsync(Self, e => e is null ? null : e with { Status = SiloStatus.Dead });
                throw new InvalidOperationException(
                    $"Silo {silo}, alive in the membership table of cluster '{table.ClusterId}', refused this silo: {refusal} " +
                    "Start every silo of a cluster with the same cluster secret (BIGDL_CLUSTER_SECRET), or give this one its own --cluster-id.");
            }
        }
    }

    /// <summary>Leaves gracefully: ShuttingDown, then Dead, so peers stop sending at once instead of waiting for probes to fail.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await StopLoopsAsync();
        await table.ChangeRowAsync(Self, e => e is null || e.Status == SiloStatus.Dead ? null : e with { Status = SiloStatus.ShuttingDown });
        await table.ChangeRowAsync(Self, e => e is null || e.Status == SiloStatus.Dead ? null : e with { Status = SiloStatus.Dead });
        LogLeft(Self);
    }

    public async ValueTask DisposeAsync()
    {
        await StopLoopsAsync();
        stopping.Dispose();
    }

    /// <summary>Reads the table, publishes a changed view, stops this silo if the table says it is dead, and votes against expired heartbeats.</summary>
    internal Task RefreshAsync() => RefreshAsync(checkHeartbeats: true);

    async Task RefreshAsync(bool checkHeartbeats)
    {
        var data = await table.ReadAllAsync();
        var snapshot = new MembershipSnapshot(data.Members.Select(m => m.Entry), data.Version.Version);

        // Refreshes run concurrently (the refresh loop, votes, joining): a read that finishes after a newer one is stale
        // and must not bring back a view in which a dead silo is still active. Views are published in version order.
        lock (publishing)
        {
            if (snapshot.Version < Current.Version)
            {
                return;
            }

            var changed = snapshot.Version != Current.Version;
            Current = snapshot; // the same version still carries newer heartbeats
            if (changed)
            {
                List<Action<MembershipSnapshot>> targets;
                lock (gate)
                {
                    targets = [.. subscribers];
                }

                foreach (var subscriber in targets)
                {
                    subscriber(snapshot);
                }
            }
        }

        if (snapshot.StatusOf(Self) == SiloStatus.Dead && Interlocked.Exchange(ref declaredDead, 1) == 0)
        {
            LogDeclaredDead(Self);
            await stopping.CancelAsync();
            await onDeclaredDead();
            return;
        }

        if (!checkHeartbeats)
        {
            return;
        }

        // A heartbeat older than the expiration counts as a missed probe: it catches silos no probe reaches.
        var now = DateTime.UtcNow;
        foreach (var silo in snapshot.ActiveSilos)
        {
            if (silo != Self && now - snapshot.Members[silo].IAmAliveTime > options.IAmAliveExpiration)
            {
                await VoteAsync(silo, "its heartbeat expired");
            }
        }
    }

    async Task HeartbeatAsync()
    {
        if (Current.Members.TryGetValue(Self, out var entry))
        {
            await table.UpdateIAmAliveAsync(entry with { IAmAliveTime = DateTime.UtcNow });
        }
    }

    /// <summary>Probes this silo's successors among the active silos; votes against one that missed too many probes in a row.</summary>
    async Task ProbeAsync()
    {
        var active = Current.ActiveSilos;
        var index = active.ToList().IndexOf(Self);
        var targets = Enumerable.Range(1, Math.Min(options.ProbedSilosCount, Math.Max(0, active.Count - 1)))
            .Select(i => active[(index + i + active.Count) % active.Count])
            .Where(s => s != Self)
            .ToList();
        var probes = targets.Select(async silo =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            timeout.CancelAfter(options.ProbeTimeout);
            bool answered;
            try
            {
                answered = await prober.ProbeAsync(silo, timeout.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                answered = false;
            }

            int missed;
            lock (gate)
            {
                missed = answered ? 0 : missedProbes.GetValueOrDefault(silo) + 1;
                missedProbes[silo] = missed;
            }

            if (missed >= options.MissedProbesLimit)
            {
                await VoteAsync(silo, $"it missed {missed} probes in a row");
            }
        });
        await Task.WhenAll(probes);
    }

    /// <summary>Adds this silo's vote against <paramref name="suspect"/>; declares it Dead when the votes reach the quorum.</summary>
    async Task VoteAsync(SiloAddress suspect, string why)
    {
        var written = await table.ChangeRowAsync(suspect, entry =>
        {
            if (entry is null || entry.Status == SiloStatus.Dead)
            {
                return null;
            }

            var now = DateTime.UtcNow;
            var votes = entry.SuspectTimes.Where(v => v.Suspecter != Self && now - v.At < options.DeathVoteExpiration).Append(new SuspectVote(Self, now)).ToList();
            // Voters are the other active silos still writing heartbeats: after a whole cluster was killed, the old rows of
            // silos that will never vote must not keep a lone restarted silo from declaring them dead.
            var view = Current;
            var othersActive = view.ActiveSilos.Count(s => s != suspect && (s == Self || now - view.Members[s].IAmAliveTime < options.IAmAliveExpiration));
            var required = Math.Max(1, Math.Min(options.NumVotesForDeathDeclaration, othersActive));
            var dead = votes.Select(v => v.Suspecter).Distinct().Count() >= required;
            return entry with { SuspectTimes = votes, Status = dead ? SiloStatus.Dead : entry.Status };
        });
        if (written is not null)
        {
            if (written.Status == SiloStatus.Dead)
            {
                LogDeclaredOtherDead(suspect, why);
            }
            else
            {
                LogSuspected(suspect, why);
            }

            lock (gate)
            {
                missedProbes.Remove(suspect);
            }

            // Not checkHeartbeats: re-reading right after a vote would find the same stale heartbeat and vote again, in a loop.
            await RefreshAsync(checkHeartbeats: false);
        }
    }

    Task RunEvery(TimeSpan period, Func<Task> work) => Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                try
                {
                    await work();
                }
                catch (Exception e) when (!stopping.IsCancellationRequested)
                {
                    LogLoopFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    });

    async Task StopLoopsAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await stopping.CancelAsync();
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    [LoggerMessage(1, LogLevel.Information, "Silo {Silo} joined the cluster ({Active} active silos)")]
    partial void LogJoined(SiloAddress silo, int active);

    [LoggerMessage(2, LogLevel.Information, "Silo {Silo} left the cluster")]
    partial void LogLeft(SiloAddress silo);

    [LoggerMessage(3, LogLevel.Warning, "Voted silo {Suspect} dead: {Why}")]
    partial void LogSuspected(SiloAddress suspect, string why);

    [LoggerMessage(4, LogLevel.Warning, "Declared silo {Suspect} dead: {Why}")]
    partial void LogDeclaredOtherDead(SiloAddress suspect, string why);

    [LoggerMessage(5, LogLevel.Error, "The membership table declares this silo ({Silo}) dead; stopping it")]
    partial void LogDeclaredDead(SiloAddress silo);

    [LoggerMessage(6, LogLevel.Information, "Retired an older generation of this silo: {Silo}")]
    partial void LogRetiredOldGeneration(SiloAddress silo);

    [LoggerMessage(7, LogLevel.Warning, "A membership protocol round failed; the next round retries")]
    partial void LogLoopFailed(Exception exception);
}
