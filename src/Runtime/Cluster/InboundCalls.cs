using BigDL.Orleans.Runtime;
using BigDL.Orleans.Serialization;
using BigDL.Orleans.Transport;

namespace BigDL.Orleans.Cluster;

/// <summary>Turns a request message into a local grain call whose outcome goes back as the response (silos and clients alike).</summary>
/// <remarks>
/// Everything a peer sends is checked before it runs: the interface must be a grain or observer interface loaded here,
/// the grain type hosted, the arguments well-formed for the method, the deadline not past. A bad message is answered
/// with a rejection that says why (nothing is answered for one-way calls) and the connection keeps serving.
/// </remarks>
internal static class InboundCalls
{
    public static void Receive(GrainRuntime runtime, Message message, Connection connection, bool unavailable, InboundCancellations? cancellations = null)
    {
        var oneWay = message.Kind == MessageKind.OneWayRequest;
        try
        {
            if (unavailable)
            {
                message.BodyOwner?.Dispose();
                if (!oneWay)
                {
                    connection.TrySend(message.CreateResponse(ResponseStatus.Unavailable, ReadOnlyMemory<byte>.Empty));
                }

                return;
            }

            var method = runtime.Types.FindMethod(message.Interface, message.Method)
                ?? throw new MessageRejectedException($"Unknown grain interface method {message.Interface} {message.Method}; both ends must run the same grain interfaces.");
            var target = message.Target;
            if (target.Type != ObserverRegistry.ObserverGrainType && !runtime.Types.Contains(target.Type))
            {
                throw new MessageRejectedException($"Grain type '{target.Type}' is not hosted here.");
            }

            var declaring = method.Method.DeclaringType!;
            var fits = target.Type == ObserverRegistry.ObserverGrainType
                ? typeof(IGrainObserver).IsAssignableFrom(declaring)
                : declaring.IsAssignableFrom(runtime.Types.GetClass(target.Type).ClassType);
            if (!fits)
            {
                throw new MessageRejectedException($"Grain {target} does not implement {declaring.Name}.");
            }

            object?[] args;
            try
            {
                args = runtime.Serializer.DeserializeArguments(message.Body.Span, method.ParameterTypes);
            }
            finally
            {
                message.BodyOwner?.Dispose();
            }

            IDisposable? cancellation = null;
            if (method.CancellationTokenIndex >= 0)
            {
                // The caller's token cannot travel; a Cancel message with this call's correlation id stands in for it.
                args[method.CancellationTokenIndex] = cancellations is not null && !oneWay
                    ? cancellations.Register(connection, message.CorrelationId, out cancellation)
                    : CancellationToken.None;
            }

            var now = Environment.TickCount64;
            var deadline = message.DeadlineUnixMs == 0
                ? now + (long)runtime.ResponseTimeout.TotalMilliseconds
                : now + (message.DeadlineUnixMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            if (deadline <= now)
            {
                cancellation?.Dispose();
                throw new MessageRejectedException($"The call to {target} arrived after its deadline.");
            }

            var chain = CallChain.FromWire(message.CallChain);
            // A silo sends a grain call only to the silo its directory names, where the call must run (the activation
            // registers there, and forwards to the winner if another registered first). Clients and observers route.
            var placedHere = connection.Peer.Role == PeerRole.Silo && target.Type != ObserverRegistry.ObserverGrainType;
            method.Receive(runtime, target, args, chain, deadline, oneWay ? null : new ResponseSink(message, connection, runtime.Serializer, cancellation), placedHere);
        }
        catch (Exception e) when (e is MessageRejectedException or GrainSerializationException or GrainInterfaceException)
        {
            if (!oneWay)
            {
                connection.TrySend(message.CreateRejection(e.Message));
            }
        }
    }
}
