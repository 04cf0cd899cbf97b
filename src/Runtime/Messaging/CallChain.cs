namespace BigDL.Orleans.Runtime;

/// <summary>The activations waiting, innermost first, on the call that carries this chain; used to detect call cycles.</summary>
/// <remarks>An immutable linked list: each outgoing call from a grain adds one node to its request's chain.</remarks>
internal sealed class CallChain(ActivationData activation, CallChain? next)
{
    public ActivationData Activation { get; } = activation;

    public CallChain? Next { get; } = next;

    public bool Contains(ActivationData activation)
    {
        for (var node = this; node is not null; node = node.Next)
        {
            if (ReferenceEquals(node.Activation, activation))
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
            path.Add(node.Activation.GrainId);
            if (ReferenceEquals(node.Activation, target))
            {
                break;
            }
        }

        path.Reverse();
        path.Add(target.GrainId);
        return path;
    }
}
