namespace BigDL.Orleans;

/// <summary>Creates references to grains and to client-side observers.</summary>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain with a string key; the grain activates on its first call.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey;

    /// <summary>Returns a reference to the grain with a Guid key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey;

    /// <summary>Returns a reference to the grain with an integer key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>Returns a reference to the grain with id <paramref name="grainId"/> through interface <typeparamref name="TGrainInterface"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable;

    /// <summary>Makes <paramref name="observer"/> callable by grains and returns a reference to pass to them.</summary>
    /// <remarks>The runtime holds the object until <see cref="DeleteObjectReference{TGrainObserverInterface}"/> is called.</remarks>
    TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver observer)
        where TGrainObserverInterface : IGrainObserver;

    /// <summary>Stops calls to an observer reference created by <see cref="CreateObjectReference{TGrainObserverInterface}"/>.</summary>
    void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver observer)
        where TGrainObserverInterface : IGrainObserver;
}

/// <summary>A client of the cluster: a grain factory whose lifetime the host or the caller owns.</summary>
public interface IClusterClient : IGrainFactory
{
    /// <summary>Gets the services of the client, for resolving providers in client code.</summary>
    IServiceProvider ServiceProvider { get; }
}
