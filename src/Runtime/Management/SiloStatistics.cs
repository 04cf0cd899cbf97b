using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Management;

/// <summary>One silo's activations and call totals, as the management grain collects them from each silo.</summary>
/// <param name="Silo">The silo's address.</param>
/// <param name="Activations">All activations, observers included.</param>
/// <param name="GrainTypes">Activations per grain class.</param>
/// <param name="Methods">Call totals per grain method.</param>
[Immutable]
internal sealed record SiloStatistics(string Silo, int Activations, IReadOnlyList<GrainTypeStatistics> GrainTypes, IReadOnlyList<MethodStatistics> Methods);
