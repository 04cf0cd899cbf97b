using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>Keeps the versions of one named model (safetensors bytes with their metrics and parameters) in grain storage.</summary>
/// <remarks>Versions live inline in the grain's state, which suits the small models of tuning studies; large models belong in a blob store.</remarks>
public sealed class ModelRegistryGrain([PersistentState("models")] IPersistentState<ModelRegistryState> state) : Grain, IModelRegistryGrain
{
    /// <inheritdoc/>
    public async Task<int> Register(Immutable<byte[]> safetensors, ImmutableDictionary<string, double> metrics, ImmutableDictionary<string, string> parameters, string source)
    {
        if (safetensors.Value is not { Length: > 0 } bytes)
        {
            throw new ArgumentException("a model version needs its safetensors bytes", nameof(safetensors));
        }

        var version = state.State.Versions.Count + 1;
        state.State.Versions.Add(new StoredModelVersion
        {
            Version = version,
            Metrics = new(metrics ?? ImmutableDictionary<string, double>.Empty),
            Parameters = new(parameters ?? ImmutableDictionary<string, string>.Empty),
            Source = source ?? "",
            RegisteredAt = DateTime.UtcNow,
            Safetensors = bytes,
        });
        await state.WriteStateAsync();
        if (version == 1)
        {
            await GrainFactory.GetGrain<ICatalogGrain>(CatalogKinds.Models).Add(this.GetPrimaryKeyString());
        }

        return version;
    }

    /// <inheritdoc/>
    public Task<ModelVersion?> Get(int? version = null)
    {
        var versions = state.State.Versions;
        var stored = version is { } v ? versions.FirstOrDefault(x => x.Version == v) : versions.LastOrDefault();
        return Task.FromResult(stored is null ? null : new ModelVersion(Info(stored), stored.Safetensors.AsImmutable()));
    }

    /// <inheritdoc/>
    public Task<ImmutableArray<ModelVersionInfo>> List() => Task.FromResult(state.State.Versions.Select(Info).ToImmutableArray());

    ModelVersionInfo Info(StoredModelVersion v) => new(
        this.GetPrimaryKeyString(), v.Version, v.Metrics.ToImmutableDictionary(), v.Parameters.ToImmutableDictionary(), v.Source, v.RegisteredAt, v.Safetensors.Length);
}

/// <summary>A model registry's persisted versions.</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.ModelRegistryState")]
public sealed class ModelRegistryState
{
    /// <summary>Gets or sets the versions, oldest first.</summary>
    [Id(0)]
    public List<StoredModelVersion> Versions { get; set; } = [];
}

/// <summary>One stored model version (JSON keeps the bytes as base64).</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.StoredModelVersion")]
public sealed class StoredModelVersion
{
    /// <summary>Gets or sets the 1-based version.</summary>
    [Id(0)]
    public int Version { get; set; }

    /// <summary>Gets or sets the metrics.</summary>
    [Id(1)]
    public Dictionary<string, double> Metrics { get; set; } = [];

    /// <summary>Gets or sets the hyperparameters as text.</summary>
    [Id(2)]
    public Dictionary<string, string> Parameters { get; set; } = [];

    /// <summary>Gets or sets where the version came from.</summary>
    [Id(3)]
    public string Source { get; set; } = "";

    /// <summary>Gets or sets when it was registered.</summary>
    [Id(4)]
    public DateTime RegisteredAt { get; set; }

    /// <summary>Gets or sets the safetensors bytes.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "A JSON-persisted payload; System.Text.Json writes byte[] as base64.")]
    [Id(5)]
    public byte[] Safetensors { get; set; } = [];
}
