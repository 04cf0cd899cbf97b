using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;

namespace BigDL.Security.Tls;

/// <summary>
/// Lets a client tell a gateway that refused its certificate from a gateway that is not up yet: the gateway sends one
/// "accepted" frame inside TLS, which it can only do once it has checked the client's certificate.
/// </summary>
/// <remarks>
/// Under TLS 1.3 the client's handshake completes before the server checks the client certificate; a refusing server then
/// sends an alert and hangs up, which Orleans' client sees only as "Underlying connection closed" and retries for three
/// minutes. And where the client refuses the gateway's certificate, Orleans' TLS middleware logs it and closes without an
/// exception. Both are reported here as an <see cref="IConnectionRefusal"/>, and recorded in <see cref="TlsRefusals"/> for
/// when Orleans reports the hang-up first; the client does not retry either.
/// </remarks>
internal static class TlsAcceptance
{
    static readonly byte[] AcceptedFrame = "BDLA"u8.ToArray();

    /// <summary>On the gateway, inside TLS, so only a client whose certificate was trusted gets here: says so, then hands over.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> Confirm => next => async context =>
    {
        await context.Transport.Output.WriteAsync(AcceptedFrame).ConfigureAwait(false);
        await next(context).ConfigureAwait(false);
    };

    /// <summary>On the client, around TLS: a handshake that failed before its deadline is a certificate either side refused.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> FailUnlessHandshakeCompleted(TimeSpan handshakeTimeout, TlsRefusals refusals) => next => async context =>
    {
        // Tracked before the first byte, so the retry filter cannot judge this attempt before it is decided.
        var attempt = new Attempt();
        context.Features.Set(attempt);
        refusals.Track(attempt.Decided);
        try
        {
            var clock = Stopwatch.StartNew();
            await next(context).ConfigureAwait(false);
            if (!attempt.HandshakeCompleted && clock.Elapsed < handshakeTimeout)
            {
                var refusal = new TlsRefusedException(
                    $"The TLS handshake with the gateway at {context.RemoteEndPoint} failed: one side does not trust the other's certificate (see the warning logged by Orleans' TLS middleware).");
                refusals.Record(refusal);
                throw refusal;
            }
        }
        finally
        {
            attempt.Decide();
        }
    };

    /// <summary>On the client, inside TLS: waits for the gateway's frame before Orleans sends its preamble.</summary>
    public static Func<ConnectionDelegate, ConnectionDelegate> AwaitConfirmation(TimeSpan timeout, TlsRefusals refusals) => next => async context =>
    {
        var attempt = context.Features.Get<Attempt>();
        attempt?.HandshakeCompleted = true;
        try
        {
            await ConfirmAsync(context, timeout).ConfigureAwait(false);
        }
        catch (TlsRefusedException refusal)
        {
            refusals.Record(refusal);
            throw;
        }
        finally
        {
            attempt?.Decide();
        }

        await next(context).ConfigureAwait(false);
    };

    static async Task ConfirmAsync(ConnectionContext context, TimeSpan timeout)
    {
        var refused = $"The gateway at {context.RemoteEndPoint} refused this client's certificate: it trusts neither its thumbprint nor its issuer.";
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            if (!await ReadAcceptedAsync(context.Transport.Input, deadline.Token).ConfigureAwait(false))
            {
                throw new TlsRefusedException(refused);
            }
        }
        catch (Exception e) when (e is IOException or AuthenticationException or ConnectionAbortedException or InvalidOperationException)
        {
            throw new TlsRefusedException(refused, e);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested)
        {
            throw new TlsRefusedException(
                $"The gateway at {context.RemoteEndPoint} did not confirm this client's certificate within {timeout.TotalSeconds:0.###} s: it refused it, or does not run BigDL's UseMutualTls.", e);
        }
    }

    /// <summary>Reads the frame; false if the gateway hung up first or sent something else.</summary>
    static async Task<bool> ReadAcceptedAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.Buffer.Length >= AcceptedFrame.Length)
            {
                var frame = result.Buffer.Slice(0, AcceptedFrame.Length);
                var matches = frame.ToArray().AsSpan().SequenceEqual(AcceptedFrame);
                input.AdvanceTo(frame.End);
                return matches;
            }

            input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return false;
            }
        }
    }

    /// <summary>Carries, from inside TLS to around it, whether the handshake completed, and when the attempt was decided.</summary>
    sealed class Attempt
    {
        readonly TaskCompletionSource decided = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool HandshakeCompleted { get; set; }

        public Task Decided => decided.Task;

        public void Decide() => decided.TrySetResult();
    }
}

/// <summary>A client's TLS connection that one side's certificate check refused: no retry can help.</summary>
internal sealed class TlsRefusedException : ConnectionAbortedException, IConnectionRefusal
{
    public TlsRefusedException(string message)
        : base(message)
    {
    }

    public TlsRefusedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public bool IsRefusal => true;

    public string Explanation => Message;
}
