namespace BigDL.Orleans.Membership;

/// <summary>Questions about a <see cref="SiloStatus"/>.</summary>
public static class SiloStatusExtensions
{
    /// <summary>Whether the silo is leaving or gone: <see cref="SiloStatus.ShuttingDown"/>, <see cref="SiloStatus.Stopping"/> or <see cref="SiloStatus.Dead"/>.</summary>
    public static bool IsTerminating(this SiloStatus status) =>
        status is SiloStatus.ShuttingDown or SiloStatus.Stopping or SiloStatus.Dead;
}
