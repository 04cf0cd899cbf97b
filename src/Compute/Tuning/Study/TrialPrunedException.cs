namespace BigDL.Compute.Tuning;

/// <summary>Thrown by an objective to end its trial as pruned (Optuna's TrialPruned).</summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrialPrunedException()
        : base("trial pruned")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrialPrunedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TrialPrunedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
