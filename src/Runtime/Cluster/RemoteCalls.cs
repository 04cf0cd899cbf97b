using BigDL.Orleans.Runtime;
using BigDL.Orleans.Transport;

namespace BigDL.Orleans.Cluster;

/// <summary>A call on its way out: whether anyone waits for the answer, and how to build its message for a correlation id.</summary>
internal sealed record OutgoingCall(bool OneWay, Func<long, Message> Create);

/// <summary>Turns a grain call into a request message and waits for its response within the call's deadline (silos and clients alike).</summary>
internal static class RemoteCalls
{
    /// <summary>Serializes the call, sends it with <paramref name="send"/>, and returns the response (null for one-way calls).</summary>
    /// <remarks>
    /// When the caller cancels (the request's <see cref="IRemoteRequest.CalleeCancellation"/> fires) after the request
    /// went out, <paramref name="sendCancel"/> gets a Cancel message for the same peer, which cancels the callee's token there.
    /// </remarks>
    /// <exception cref="TimeoutException">The deadline passed before the response.</exception>
    public static async Task<Message?> SendAsync(
        IRemoteRequest request, GrainId target, string targetName, string senderName, GrainRuntime runtime,
        Func<OutgoingCall, CancellationToken, Task<Message?>> send, Action<Message>? sendCancel = null)
    {
        var method = request.Method;
        var remaining = request.DeadlineTicks - Environment.TickCount64;
        if (remaining <= 0)
        {
            throw TimedOut(request, target, targetName);
        }

        var body = new PooledBufferWriter();
        try
        {
            runtime.Serializer.SerializeArguments(request.Arguments, method.ParameterTypes, body);
        }
        catch
        {
            body.Dispose();
            throw;
        }

        var chain = request.Chain;
        var deadlineUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + remaining;
        long sentId = 0;
        var call = new OutgoingCall(method.OneWay, id =>
        {
            Interlocked.Exchange(ref sentId, id); // read by a cancellation on another thread
            return new Message
            {
                Kind = method.OneWay ? MessageKind.OneWayRequest : MessageKind.Request,
                CorrelationId = id,
                Target = target,
                Sender = chain?.GrainId ?? default,
                Interface = method.InterfaceKey,
                Method = method.MethodKey,
                TargetSilo = targetName,
                SenderSilo = senderName,
                DeadlineUnixMs = deadlineUnixMs,
                CallChain = chain?.ToWire() ?? [],
                Body = body.WrittenMemory,
                BodyOwner = body,
            };
        });

        using var cancelled = sendCancel is null || method.OneWay || !request.CalleeCancellation.CanBeCanceled
            ? default
            : request.CalleeCancellation.UnsafeRegister(
                _ =>
                {
                    if (Interlocked.Read(ref sentId) is var id and not 0)
                    {
                        sendCancel(new Message { Kind = MessageKind.Cancel, CorrelationId = id, Target = target, TargetSilo = targetName, SenderSilo = senderName });
                    }
                },
                null);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(remaining));
        try
        {
            return await send(call, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw TimedOut(request, target, targetName);
        }
    }

    static TimeoutException TimedOut(IRemoteRequest request, GrainId target, string where) => new(
        $"Response did not arrive on time for {request.Method.Name} on {target} (sent to {where}). " +
        "Raise the limit with [ResponseTimeout] on the method or the ResponseTimeout option, or check that silo's load.");
}
