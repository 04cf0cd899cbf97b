using Orleans.Hosting;

namespace BigDL.Grains.Tests;

/// <summary>Starts the shared test host's <see cref="ServiceSilo"/> with these tests' objectives beside the built-in ones.</summary>
public static class Silos
{
    /// <summary>Starts a silo on <paramref name="store"/> (in-memory by default) hosting the scripted and vector objectives.</summary>
    public static Task<ServiceSilo> StartAsync(string store = ServiceSilo.MemoryStore, Action<ISiloBuilder>? configure = null) =>
        ServiceSilo.StartAsync(o => o.AddObjective<ScriptedObjective>().AddObjective<VectorObjective>(), store, configure);
}
