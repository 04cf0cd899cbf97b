using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>
/// The names of every entity of one kind in the cluster (keyed by kind: <see cref="CatalogKinds"/>), so dashboards and
/// the command line can list experiments, campaigns, training jobs and models without scanning storage.
/// </summary>
[Alias("BigDL.Grains.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithStringKey
{
    /// <summary>Records <paramref name="name"/> (idempotent); the first registration time is kept.</summary>
    Task Add(string name);

    /// <summary>Forgets <paramref name="name"/>; unknown names are ignored.</summary>
    Task Remove(string name);

    /// <summary>Gets every entry, oldest first.</summary>
    Task<ImmutableArray<CatalogEntry>> List();
}

/// <summary>One catalogued entity.</summary>
/// <param name="Name">The entity's grain key.</param>
/// <param name="AddedAt">When it was first registered (UTC).</param>
[Immutable]
[GenerateSerializer]
[Alias("BigDL.Grains.CatalogEntry")]
public sealed record CatalogEntry([Id(0)] string Name, [Id(1)] DateTime AddedAt);

/// <summary>The catalog keys used by the grains of this assembly.</summary>
public static class CatalogKinds
{
    /// <summary>Experiments, by experiment name.</summary>
    public const string Experiments = "experiments";

    /// <summary>Campaigns, by campaign name.</summary>
    public const string Campaigns = "campaigns";

    /// <summary>Training jobs, by job name.</summary>
    public const string TrainingJobs = "training-jobs";

    /// <summary>Registered models, by model name.</summary>
    public const string Models = "models";
}
