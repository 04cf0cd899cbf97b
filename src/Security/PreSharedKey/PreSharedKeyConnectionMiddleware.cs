using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;

namespace BigDL.Security.PreSharedKey;

/// <summary>Runs the handshake on a new connection and hands it to Orleans only once the peer has proved the key.</summary>
/// <remarks>
/// The handshake reads and writes the connection's own transport pipe and leaves it as it found it: nothing is
/// transformed afterwards, so unlike TLS there is no wrapping pipe. An acceptor that refuses a peer never calls
/// <c>next</c>, so Orleans reads no preamble and no message from it and closes the socket when this returns.
/// </remarks>
internal sealed partial class PreSharedKeyConnectionMiddleware : IConnectionMiddleware
{
    readonly bool accepting;
    readonly PeerRole role;
    readonly string endpoint;
    readonly byte[] key;
    readonly TimeSpan timeout;
    readonly ILogger logger;

    PreSharedKeyConnectionMiddleware(bool accepting, PeerRole role, string endpoint, string key, TimeSpan timeout, ILogger logger)
    {
        this.accepting = accepting;
        this.role = role;
        this.endpoint = endpoint;
        this.key = Encoding.UTF8.GetBytes(key);
        this.timeout = timeout;
        this.logger = logger;
    }

    /// <summary>Creates the middleware of an endpoint that accepts <paramref name="role"/> peers proving <paramref name="key"/>.</summary>
    public static PreSharedKeyConnectionMiddleware Acceptor(PeerRole role, string endpoint, string key, TimeSpan timeout, ILogger logger) =>
        new(accepting: true, role, endpoint, key, timeout, logger);

    /// <summary>Creates the middleware of outgoing connections that prove <paramref name="key"/> as <paramref name="role"/>.</summary>
    public static PreSharedKeyConnectionMiddleware Initiator(PeerRole role, string endpoint, string key, TimeSpan timeout, ILogger logger) =>
        new(accepting: false, role, endpoint, key, timeout, logger);

    public async Task OnConnectionAsync(ConnectionContext context, ConnectionDelegate next)
    {
        try
        {
            if (accepting)
            {
                await PreSharedKeyHandshake.AcceptAsync(context.Transport, role, key, timeout, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await PreSharedKeyHandshake.InitiateAsync(context.Transport, role, key, timeout, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (HandshakeException e) when (accepting)
        {
            LogRefused(logger, endpoint, context.RemoteEndPoint?.ToString() ?? "an unknown peer", Describe(e.Failure), e.Message);
            return;
        }
        catch (HandshakeException e)
        {
            var remote = context.RemoteEndPoint?.ToString() ?? "an unknown peer";
            LogRefusedByPeer(logger, endpoint, remote, Describe(e.Failure), e.Message);

            // Failing the connection (rather than returning) makes Orleans fail the attempt at once instead of waiting for a
            // preamble; a client's retry filter tells a refusal from a transient failure by this exception.
            throw new HandshakeFailedException(remote, Describe(e.Failure), e);
        }

        await next(context).ConfigureAwait(false);
    }

    static string Describe(HandshakeFailure failure) => failure switch
    {
        HandshakeFailure.WrongKey => "wrong key",
        HandshakeFailure.Timeout => "timeout",
        HandshakeFailure.NotABigDLPeer => "not a BigDL peer",
        HandshakeFailure.RoleNotAccepted => "role not accepted",
        _ => "closed during the handshake",
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused a connection to the {Endpoint} from {Remote}: {Reason} ({Detail})")]
    private static partial void LogRefused(ILogger logger, string endpoint, string remote, string reason, string detail);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Connection to the {Endpoint} at {Remote} not authenticated: {Reason} ({Detail})")]
    private static partial void LogRefusedByPeer(ILogger logger, string endpoint, string remote, string reason, string detail);
}
