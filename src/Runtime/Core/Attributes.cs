namespace BigDL.Orleans.Concurrency;

/// <summary>Lets an activation interleave requests: a new request may start while another awaits.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>Lets calls to this interface method interleave with any other request, even on a non-reentrant grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>Marks an interface method whose caller does not wait for the grain: the call returns at once and errors are only logged.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;

/// <summary>Lets the runtime create several local activations of the grain, up to <see cref="MaxLocalWorkers"/>, to serve calls in parallel.</summary>
/// <remarks>Stateless workers are never persisted and are not addressable individually: each call goes to an idle activation or a new one.</remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StatelessWorkerAttribute : Attribute
{
    /// <summary>Allows as many activations as the machine has cores.</summary>
    public StatelessWorkerAttribute() : this(Environment.ProcessorCount)
    {
    }

    /// <summary>Allows at most <paramref name="maxLocalWorkers"/> activations per silo.</summary>
    public StatelessWorkerAttribute(int maxLocalWorkers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLocalWorkers, 1);
        MaxLocalWorkers = maxLocalWorkers;
    }

    /// <summary>Gets the most activations of one stateless worker per silo.</summary>
    public int MaxLocalWorkers { get; }
}

/// <summary>Overrides the idle time after which an activation of this grain class is collected.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class CollectionAgeLimitAttribute(double minutes) : Attribute
{
    /// <summary>Gets the idle time after which the activation is deactivated.</summary>
    public TimeSpan Age { get; } = TimeSpan.FromMinutes(minutes);
}

/// <summary>Overrides the response timeout for one interface method (e.g. a long training call).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(string timeout) : Attribute
{
    /// <summary>Gets the timeout, parsed from a <see cref="TimeSpan"/> string such as "00:05:00".</summary>
    public TimeSpan Timeout { get; } = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture);
}
