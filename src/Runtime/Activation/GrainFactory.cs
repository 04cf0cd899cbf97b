namespace BigDL.Orleans.Runtime;

/// <summary>The silo's <see cref="IGrainFactory"/>: makes references bound to the local runtime.</summary>
internal sealed class GrainFactory(GrainRuntime runtime) : IGrainFactory
{
    readonly ObserverRegistry observers = new(runtime);

    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(primaryKey);
        return Get<TGrainInterface>(primaryKey, grainClassNamePrefix);
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey =>
        Get<TGrainInterface>(GrainKeyExtensions.FormatKey(primaryKey), grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey =>
        Get<TGrainInterface>(GrainKeyExtensions.FormatKey(primaryKey), grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable =>
        (TGrainInterface)(object)runtime.CreateReference(grainId, typeof(TGrainInterface));

    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver observer)
        where TGrainObserverInterface : IGrainObserver =>
        observers.CreateReference<TGrainObserverInterface>(observer);

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver observer)
        where TGrainObserverInterface : IGrainObserver =>
        observers.DeleteReference(observer);

    TGrainInterface Get<TGrainInterface>(string key, string? prefix)
    {
        var grainType = runtime.Types.ResolveGrainType(typeof(TGrainInterface), prefix);
        return (TGrainInterface)(object)runtime.CreateReference(new GrainId(grainType, key), typeof(TGrainInterface));
    }
}
