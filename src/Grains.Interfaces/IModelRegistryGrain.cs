using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>The versions of one named model (keyed by the model name): safetensors weights with the metrics and parameters that produced them.</summary>
[Alias("BigDL.Grains.IModelRegistryGrain")]
public interface IModelRegistryGrain : IGrainWithStringKey
{
    /// <summary>Stores a version; returns its version number (1, 2, ...).</summary>
    Task<int> Register(Immutable<byte[]> safetensors, ImmutableDictionary<string, double> metrics, ImmutableDictionary<string, string> parameters, string source);

    /// <summary>Gets a version with its weights, the latest when <paramref name="version"/> is null; null when there is none.</summary>
    Task<ModelVersion?> Get(int? version = null);

    /// <summary>Lists every version without weights, oldest first.</summary>
    Task<ImmutableArray<ModelVersionInfo>> List();
}

/// <summary>A registered model version's description.</summary>
/// <param name="Name">The model's name.</param>
/// <param name="Version">1-based version number.</param>
/// <param name="Metrics">Metrics of the version, e.g. <c>val_accuracy</c>.</param>
/// <param name="Parameters">The hyperparameters that produced it, as text.</param>
/// <param name="Source">Where it came from, e.g. <c>experiment mlp-study trial 7</c>.</param>
/// <param name="RegisteredAt">When it was registered.</param>
/// <param name="SizeBytes">The size of its safetensors file.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ModelVersionInfo")]
public sealed record ModelVersionInfo(
    [Id(0)] string Name,
    [Id(1)] int Version,
    [Id(2)] ImmutableDictionary<string, double> Metrics,
    [Id(3)] ImmutableDictionary<string, string> Parameters,
    [Id(4)] string Source,
    [Id(5)] DateTime RegisteredAt,
    [Id(6)] int SizeBytes);

/// <summary>A registered model version with its safetensors bytes.</summary>
/// <param name="Info">The version's description.</param>
/// <param name="Safetensors">The weights, loadable with the compute library's ModelSerializer.</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.ModelVersion")]
public sealed record ModelVersion([Id(0)] ModelVersionInfo Info, [Id(1)] Immutable<byte[]> Safetensors);
