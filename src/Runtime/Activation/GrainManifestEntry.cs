using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime;

/// <summary>One grain class of the cluster as a client sees it: its grain type, class name and the wire names of its interfaces.</summary>
[Immutable]
internal sealed record GrainManifestEntry(string GrainType, string ClassName, IReadOnlyList<string> Interfaces);
