using BigDL.Grains;

namespace BigDL.Bench;

/// <summary>The in-process Orleans silo the one-silo suites run on: the service's <see cref="LocalSilo"/>, after a full collection.</summary>
/// <remarks>The bench's own grains are found as Orleans finds any referenced grain assembly; Orleans' logging is off, as the figures are the suites' only output.</remarks>
internal static class BenchSilo
{
    /// <summary>Starts a silo, after a full collection of whatever an earlier one left, so that memory figures are its own.</summary>
    public static Task<LocalSilo> StartAsync(CancellationToken cancellationToken)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return LocalSilo.StartAsync(cancellationToken: cancellationToken);
    }
}
