using BigDL.Orleans.Runtime;

namespace BigDL.Orleans.Hosting;

/// <summary>The in-process client of a silo: grain calls from code that runs beside the silo (web endpoints, tools, tests).</summary>
internal sealed class ClusterClient(GrainRuntime runtime) : IClusterClient, IDisposable
{
    volatile bool disposed;

    public IServiceProvider ServiceProvider => runtime.Services;

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey => Factory.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey => Factory.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey => Factory.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => Factory.GetGrain<TGrainInterface>(grainId);

    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver observer)
        where TGrainObserverInterface : IGrainObserver => Factory.CreateObjectReference<TGrainObserverInterface>(observer);

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver observer)
        where TGrainObserverInterface : IGrainObserver => Factory.DeleteObjectReference<TGrainObserverInterface>(observer);

    public void Dispose() => disposed = true;

    GrainFactory Factory => disposed
        ? throw new ObjectDisposedException(nameof(IClusterClient), "This cluster client was disposed with its host; references it made stop working too. Keep the host running while you use the client, or build a new host.")
        : runtime.GrainFactory;
}
