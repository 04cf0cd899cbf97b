namespace BigDL.Orleans.Runtime;

/// <summary>Thrown when a call would wait on a non-reentrant grain that is itself waiting on this call chain (A → B → A).</summary>
public sealed class DeadlockException : Exception
{
    public DeadlockException() : this("A call cycle among non-reentrant grains was detected.")
    {
    }

    public DeadlockException(string message) : base(message)
    {
    }

    public DeadlockException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for the cycle <paramref name="cycle"/>, which starts and ends at the same grain.</summary>
    public DeadlockException(IReadOnlyList<GrainId> cycle) : base(
        $"Deadlock: the call cycle {string.Join(" → ", cycle)} waits on itself. " +
        $"{cycle[0]} is non-reentrant and is still waiting in a call that led here. " +
        "Break the cycle, mark the grain class [Reentrant], or mark the called method [AlwaysInterleave].")
    {
        Cycle = cycle;
    }

    /// <summary>Gets the grains of the cycle, first and last the same.</summary>
    public IReadOnlyList<GrainId> Cycle { get; } = [];
}
