using System.Runtime.CompilerServices;
using BigDL.Orleans.Runtime;

namespace BigDL.Orleans.Runtime;

/// <summary>The observer objects of this process that grains may call, each behind a reference of its own.</summary>
internal sealed class ObserverRegistry(GrainRuntime runtime)
{
    /// <summary>The grain type of observer ids; no grain class may use it.</summary>
    public const string ObserverGrainType = "observer";

    readonly ConditionalWeakTable<IGrainObserver, ActivationData> byObject = [];

    public TInterface CreateReference<TInterface>(IGrainObserver observer)
        where TInterface : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (observer is GrainReference)
        {
            throw new ArgumentException("The object is already a reference; pass the observer object itself.", nameof(observer));
        }

        if (observer is not TInterface)
        {
            throw new ArgumentException($"{observer.GetType().Name} does not implement {typeof(TInterface).Name}.", nameof(observer));
        }

        var activation = byObject.GetValue(observer, o =>
        {
            var id = new GrainId(ObserverGrainType, Guid.NewGuid().ToString("N"));
            var created = ActivationData.ForObserver(id, o, runtime);
            runtime.Catalog.AddObserver(created);
            return created;
        });
        return (TInterface)(object)runtime.CreateReference(activation.GrainId, typeof(TInterface));
    }

    public void DeleteReference(IGrainObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (byObject.TryGetValue(observer, out var activation))
        {
            byObject.Remove(observer);
            activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeleteObjectReference"));
            runtime.Catalog.Remove(activation);
        }
    }
}
