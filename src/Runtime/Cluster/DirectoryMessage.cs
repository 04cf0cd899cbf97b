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
    public const string Silo = "silo";
    public const string Statistics = "statistics";
    public const string Manifest = "manifest";
    public const string Gateways = "gateways";
}
