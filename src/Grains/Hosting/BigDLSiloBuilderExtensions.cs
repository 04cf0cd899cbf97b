using BigDL.Cluster.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;

namespace BigDL.Grains;

/// <summary>Adds the BigDL service (experiments, trials, training jobs, campaigns, the model registry) to an Orleans silo.</summary>
public static class BigDLSiloBuilderExtensions
{
    /// <summary>
    /// Adds the service's grains and what they need to <paramref name="silo"/>: the trial objectives, spread placement for
    /// replicas and shards, and the raw codec for float payloads. The silo must also have a default grain storage and a
    /// reminder service (the <c>bigdl</c> host configures SQLite or PostgreSQL for both).
    /// </summary>
    /// <example><code>
    /// builder.UseOrleans(silo => silo
    ///     .UseLocalhostClustering()
    ///     .AddMemoryGrainStorageAsDefault()
    ///     .UseInMemoryReminderService()
    ///     .AddBigDL(o => o.AddObjective&lt;MyObjective&gt;()));
    /// </code></example>
    public static ISiloBuilder AddBigDL(this ISiloBuilder silo, Action<BigDLServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = new BigDLServiceOptions(silo.Services);
        configure?.Invoke(options);
        BigDLServices.AddShared(silo.Services);
        silo.AddSpreadPlacement();
        silo.Services.TryAddSingleton(TimeProvider.System);

        // The service needs one activation per grain through silo crashes: an experiment probes its trials, and a trial
        // grain that a second activation answers for looks lost (it runs again, or fails with no retries left). Orleans'
        // default directory loses the entries a crashed silo held, so a call to a trial still running on a survivor
        // activated it afresh elsewhere. The distributed directory recovers a crashed silo's range from the survivors'
        // own activations before it answers again. Orleans marks it experimental (ORLEANSEXP003); the kill -9 tests of
        // tests/Silo.Tests are what this choice rests on.
#pragma warning disable ORLEANSEXP003
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003

        // Grain states are stored with Orleans' own serializer, as their [Id]s intend. Orleans' default storage serializer
        // (Newtonsoft.Json, DefaultValueHandling.Ignore) drops a value equal to its type's default, so a restarted grain read
        // the member's initializer instead (an ExperimentSpec.MaxRetries of 0 came back as 2).
        silo.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        return silo;
    }
}
