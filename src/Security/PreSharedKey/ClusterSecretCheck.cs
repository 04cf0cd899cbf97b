using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BigDL.Security.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace BigDL.Security.PreSharedKey;

/// <summary>
/// Before a starting silo writes itself into the membership table, proves its cluster secret to every active silo, and fails
/// the start at once when they refuse it and none accepts it.
/// </summary>
/// <remarks>
/// Without this, Orleans finds out in ValidateInitialConnectivity: it pings the active silos, each ping's connection is refused
/// by the handshake, and it retries until <see cref="ClusterMembershipOptions.MaxJoinAttemptTime"/> (5 minutes by default),
/// with the silo listed as Joining all the while. Running here, between the table's first read and the Joining write, a refused
/// silo leaves no row behind. An active silo that cannot be reached is not counted either way: a stale row or a slow peer is
/// Orleans' to judge, as before.
/// </remarks>
internal sealed partial class ClusterSecretCheck(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IOptions<ClusterAuthenticationOptions> authentication,
    IOptions<ClusterOptions> cluster,
    IServiceProvider services,
    ILogger<ClusterSecretCheck> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>After the membership table is initialized and read (RuntimeGrainServices), before the silo joins it.</summary>
    public const int Stage = ServiceLifecycleStage.AfterRuntimeGrainServices - 1;

    enum Outcome
    {
        Accepted,
        Refused,
        Unknown,
    }

    public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe(nameof(ClusterSecretCheck), Stage, CheckAsync, _ => Task.CompletedTask);

    async Task CheckAsync(CancellationToken cancellationToken)
    {
        // The probe speaks the handshake in plain TCP; under TLS the silo port expects a TLS hello first.
        if (services.GetService<MutualTlsCredentials>() is not null)
        {
            return;
        }

        var peers = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Endpoint.Equals(localSilo.SiloAddress.Endpoint))
            .Select(m => m.SiloAddress.Endpoint)
            .ToArray();
        if (peers.Length == 0)
        {
            return;
        }

        var options = authentication.Value;
        var key = Encoding.UTF8.GetBytes(options.ClusterSecret!); // validated at start-up
        var outcomes = await Task.WhenAll(peers.Select(p => ProbeAsync(p, key, options.HandshakeTimeout, cancellationToken))).ConfigureAwait(false);
        var refusing = peers.Where((_, i) => outcomes[i] == Outcome.Refused).ToArray();
        if (refusing.Length == 0 || outcomes.Contains(Outcome.Accepted))
        {
            return;
        }

        var message = $"This silo's cluster secret is refused by the silos of cluster {cluster.Value.ClusterId} at {string.Join(", ", refusing.Select(p => p.ToString()))}: "
            + "it differs from theirs (BIGDL_CLUSTER_SECRET).";
        LogRefused(logger, message);
        throw new AuthenticationRefusedException(message);
    }

    /// <summary>Runs the silo handshake with <paramref name="peer"/> on a connection of its own, then hangs up.</summary>
    static async Task<Outcome> ProbeAsync(IPEndPoint peer, byte[] key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(peer.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connecting.CancelAfter(timeout);
                await socket.ConnectAsync(peer, connecting.Token).ConfigureAwait(false);
            }

            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var transport = new Transport(PipeReader.Create(stream, new(leaveOpen: true)), PipeWriter.Create(stream, new(leaveOpen: true)));
            await PreSharedKeyHandshake.InitiateAsync(transport, PeerRole.Silo, key, timeout, cancellationToken).ConfigureAwait(false);
            return Outcome.Accepted;
        }
        catch (HandshakeException e) when (e.Failure == HandshakeFailure.WrongKey)
        {
            return Outcome.Refused;
        }
        catch (Exception e) when (e is HandshakeException or SocketException or IOException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Outcome.Unknown;
        }
    }

    sealed record Transport(PipeReader Input, PipeWriter Output) : IDuplexPipe;

    [LoggerMessage(EventId = 3, Level = LogLevel.Critical, Message = "{Message}")]
    private static partial void LogRefused(ILogger logger, string message);
}
