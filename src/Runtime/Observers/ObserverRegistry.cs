using System.Runtime.CompilerServices;
using BigDL.Orleans.Runtime;

namespace BigDL.Orleans.Runtime;

/// <summary>The observer objects of this process that grains may call, each behind a reference of its own.</summary>
internal sealed class ObserverRegistry(GrainRuntime runtime)
{
    /// <summary>The grain type of observer ids; no grain class may use it.</summary>
    public const string ObserverGrainType = "observer";

    /// <summary>The grain type under which a gateway registers a connected client in the grain directory.</summary>
    public const string ClientGrainType = "client";

    readonly ConditionalWeakTable<IGrainObserver, ActivationData> byObject = [];

    /// <summary>Returns the process (silo address or client id) that hosts an observer, or null for an observer of a lone silo.</summary>
    /// <remarks>Observer keys are <c>home|guid</c> in a cluster, so any silo can route a call to the observer without a lookup.</remarks>
    public static string? HomeOf(GrainId observer)
    {
        var bar = observer.Key.LastIndexOf('|');
        return bar > 0 ? observer.Key[..bar] : null;
    }

    /// <summary>Returns the directory id of a client, whose entry names the silo whose gateway it is connected to.</summary>
    public static GrainId ClientGrainId(string clientId) => new(ClientGrainType, clientId);

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
            var key = Guid.NewGuid().ToString("N");
            var id = new GrainId(ObserverGrainType, runtime.ObserverHome is { } home ? $"{home}|{key}" : key);
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
