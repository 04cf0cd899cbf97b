using BigDL.Orleans.Serialization;
using BigDL.Orleans.Transport;

namespace BigDL.Orleans.Runtime;

/// <summary>A grain call that can leave this process: what a message needs to carry it, and how its response completes it.</summary>
internal interface IRemoteRequest : IActivationWork
{
    /// <summary>Gets the method called.</summary>
    GrainMethod Method { get; }

    /// <summary>Gets the call's arguments.</summary>
    object?[] Arguments { get; }

    /// <summary>Gets the call's deadline as <see cref="Environment.TickCount64"/> milliseconds.</summary>
    long DeadlineTicks { get; }

    /// <summary>Gets the token that fires when the caller cancels the call (or it times out); None when the method takes no token.</summary>
    CancellationToken CalleeCancellation { get; }

    /// <summary>Gets or sets how often the call was sent to another silo; bounds forwarding after stale directory answers.</summary>
    int Hops { get; set; }

    /// <summary>
    /// Copies the arguments (once) so the caller's later changes cannot reach the grain. Every path that keeps the call
    /// beyond the caller's <c>Dispatch</c> calls it first; a send that serializes the arguments at once needs no copy,
    /// since the bytes are the snapshot (a re-dispatch after an Unavailable answer then sees the caller's objects, as
    /// they are by then).
    /// </summary>
    void Isolate();

    /// <summary>Completes the call from a response that came back from another silo.</summary>
    void OnResponse(Message response, BinarySerializer serializer);
}
