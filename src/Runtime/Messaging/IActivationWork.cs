namespace BigDL.Orleans.Runtime;

/// <summary>A unit of work that runs as a turn on an activation: a grain call or a timer tick.</summary>
internal interface IActivationWork
{
    /// <summary>Gets whether the work may start while another turn of the activation is in progress.</summary>
    bool Interleaves { get; }

    /// <summary>Gets the callers waiting on this work, or null when no grain waits on it.</summary>
    CallChain? Chain { get; }

    /// <summary>Gets whether the caller gave up (timeout, cancellation): work not yet started is dropped.</summary>
    bool IsAbandoned { get; }

    /// <summary>Gets the activation running the work, once started.</summary>
    ActivationData? Activation { get; }

    /// <summary>Gets the chain that calls made from this turn carry: this turn's chain plus its activation.</summary>
    CallChain OutgoingChain { get; }

    /// <summary>Gets whether finishing the work counts as activity for idle collection.</summary>
    bool KeepsAlive { get; }

    /// <summary>Starts the turn on <paramref name="activation"/>'s scheduler; completion is reported through <see cref="ActivationData.OnWorkCompleted"/>.</summary>
    void Start(ActivationData activation);

    /// <summary>Fails the work with <paramref name="exception"/> without running it.</summary>
    void Reject(Exception exception);

    /// <summary>Times the caller out if its deadline (Environment.TickCount64) has passed; returns true if it did.</summary>
    bool CheckTimeout(long nowMilliseconds);
}
