using BigDL.Orleans.Runtime;

namespace BigDL.Orleans.Grains;

/// <summary>Tells a call lost to a dead silo (the callee re-activates elsewhere when called again) from any other failure.</summary>
internal static class SiloLoss
{
    /// <summary>True when <paramref name="e"/> or an exception inside it is a <see cref="SiloUnavailableException"/>.</summary>
    public static bool Is(Exception e) => e is SiloUnavailableException || (e.InnerException is { } inner && Is(inner));
}
