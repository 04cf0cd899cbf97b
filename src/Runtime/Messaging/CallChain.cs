namespace BigDL.Orleans.Runtime;

/// <summary>The grains waiting, innermost first, on the call that carries this chain; used to detect call cycles.</summary>
/// <remarks>
/// An immutable linked list: each outgoing call from a grain adds one node to its request's chain. Nodes made on this
/// silo know their activation; nodes that arrived in a message from another silo know only the grain id, and match any
/// activation of that grain (one per cluster, except stateless workers, which never wait on a cycle they could break).
/// </remarks>
internal sealed class CallChain
{
    public CallChain(ActivationData activation, CallChain? next)
        : this(activation.GrainId, activation, next)
    {
    }

    CallChain(GrainId grainId, ActivationData? activation, CallChain? next)
    {
        GrainId = grainId;
        Activation = activation;
        Next = next;
    }

    public GrainId GrainId { get; }

    public ActivationData? Activation { get; }

    public CallChain? Next { get; }

    /// <summary>Rebuilds a chain received from another silo, given outermost first.</summary>
    public static CallChain? FromWire(IReadOnlyList<GrainId> outermostFirst)
    {
        CallChain? chain = null;
        foreach (var id in outermostFirst)
        {
            chain = new CallChain(id, null, chain);
        }

        return chain;
    }

    /// <summary>Lists the grains of the chain outermost first, for a message to another silo.</summary>
    public IReadOnlyList<GrainId> ToWire()
    {
        var path = new List<GrainId>();
        for (var node = this; node is not null; node = node.Next)
        {
            path.Add(node.GrainId);
        }

        path.Reverse();
        return path;
    }

    public bool Contains(ActivationData activation)
    {
        for (var node = this; node is not null; node = node.Next)
        {
            if (Matches(node, activation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The cycle from <paramref name="target"/>'s waiting call to this call and back to the target, outermost first.</summary>
    public IReadOnlyList<GrainId> CycleTo(ActivationData target)
    {
        var path = new List<GrainId>();
        for (var node = this; node is not null; node = node.Next)
        {
            path.Add(node.GrainId);
            if (Matches(node, target))
            {
                break;
            }
        }

        path.Reverse();
        path.Add(target.GrainId);
        return path;
    }

    static bool Matches(CallChain node, ActivationData activation) =>
        node.Activation is null ? node.GrainId == activation.GrainId && activation.ClassInfo?.StatelessWorkerMax is null : ReferenceEquals(node.Activation, activation);
}
