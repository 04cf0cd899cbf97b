using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Cluster;

/// <summary>A grain directory request or answer between silos: a grain, the silo of its activation, and the activation's id.</summary>
/// <param name="GrainId">The grain.</param>
/// <param name="Silo">The silo holding (or asked to hold) the activation; for a lookup, the silo asking.</param>
/// <param name="ActivationId">The activation, or empty for a placement not yet activated.</param>
[Immutable]
internal sealed record DirectoryMessage(GrainId GrainId, string Silo, Guid ActivationId);

/// <summary>The operations of the system target <c>directory</c> and the other silo-to-silo system calls.</summary>
internal static class SystemCalls
{
    public const string Directory = "directory";
    public const string Lookup = "lookup";
    public const string Register = "register";
    public const string Unregister = "unregister";

    /// <summary>A lookup by a silo that knows the silo the owner named is dead: the owner re-reads the membership table first.</summary>
    public const string FreshLookup = "lookup-fresh";
    public const string Silo = "silo";
    public const string Statistics = "statistics";
    public const string Manifest = "manifest";
    public const string Gateways = "gateways";

    /// <summary>A recovering directory owner asks which activations a silo holds in the ranges it took over.</summary>
    public const string Held = "held";

    const string ForwardedSuffix = "-forwarded";

    /// <summary>The name of <paramref name="operation"/> handed on by a silo that does not own the entry to the owner it sees (never handed on again).</summary>
    public static string Forwarded(string operation) => operation + ForwardedSuffix;

    public static bool IsForwarded(string method) => method.EndsWith(ForwardedSuffix, StringComparison.Ordinal);

    public static string Unforwarded(string method) => IsForwarded(method) ? method[..^ForwardedSuffix.Length] : method;

    /// <summary>Whether <paramref name="method"/> of <see cref="Directory"/> reads or changes one grain's entry (forwarded or not).</summary>
    public static bool IsEntryOperation(string method) => Unforwarded(method) is Lookup or FreshLookup or Register or Unregister;
}
