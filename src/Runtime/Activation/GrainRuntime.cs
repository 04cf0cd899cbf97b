using System.Reflection;
using BigDL.Orleans.Hosting;
using BigDL.Orleans.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Runtime;

/// <summary>Routes calls from grain references to activations of this silo.</summary>
internal sealed class GrainRuntime : IGrainReferenceRuntime, IGrainReferenceActivator, IDisposable
{
    volatile string? stoppedReason;

    public GrainRuntime(IServiceProvider services, IOptions<SiloOptions> options, ILogger<GrainRuntime> logger)
    {
        var siloOptions = options.Value;
        Services = services;
        Copier = services.GetService<DeepCopier>() ?? new DeepCopier();
        // The runtime's own system grains (management) are hosted by every silo.
        Types = new GrainTypeRegistry([.. siloOptions.GrainAssemblies, typeof(GrainRuntime).Assembly], Copier.IsShallowCopyable);
        Catalog = new Catalog();
        Metrics = new RuntimeMetrics(Catalog);
        Log = new RuntimeLog(logger);
        ResponseTimeout = siloOptions.ResponseTimeout;
        ActivationTimeout = siloOptions.ActivationTimeout;
        DeactivationTimeout = siloOptions.DeactivationTimeout;
        GrainFactory = new GrainFactory(this);
    }

    public IServiceProvider Services { get; }

    public DeepCopier Copier { get; }

    public GrainTypeRegistry Types { get; }

    public Catalog Catalog { get; }

    public RuntimeLog Log { get; }

    public RuntimeMetrics Metrics { get; }

    public GrainFactory GrainFactory { get; }

    public TimeSpan ResponseTimeout { get; }

    public TimeSpan ActivationTimeout { get; }

    public TimeSpan DeactivationTimeout { get; }

    /// <summary>Gets the reminder service; resolved lazily because it calls grains through this runtime.</summary>
    public Reminders.ReminderService Reminders => field ??= Services.GetRequiredService<Reminders.ReminderService>();

    /// <summary>Gets or sets what routes calls to other processes; null on a lone silo, where every grain is local.</summary>
    public Cluster.IMessageRouter? Router { get; set; }

    /// <summary>Gets or sets the identity written into observer ids (this silo's address, or a client's id), or null on a lone silo.</summary>
    public string? ObserverHome { get; set; }

    /// <summary>Gets the serializer for messages to other processes; grain references it reads are bound to this runtime.</summary>
    public BinarySerializer Serializer => field ??= new BinarySerializer(this);

    /// <summary>Gets whether the silo stopped taking calls.</summary>
    public bool IsStopped => stoppedReason is not null;

    public object? Invoke(GrainReference reference, MethodInfo method, object?[] args) =>
        Types.GetMethod(method).Send(this, reference, args);

    /// <summary>Queues work on the activation of <paramref name="target"/>, creating it on first call; failures reach the caller.</summary>
    public void Dispatch(IActivationWork work, GrainId target)
    {
        try
        {
            if (stoppedReason is { } reason)
            {
                throw new ObjectDisposedException(nameof(GrainRuntime), reason);
            }

            if (Router is { } router && !Catalog.Contains(target) && router.TryRoute(work, target))
            {
                return;
            }

            DispatchLocal(work, target);
        }
        catch (Exception e)
        {
            work.Reject(e);
        }
    }

    /// <summary>Queues work on the local activation of <paramref name="target"/>, creating it; the router decided it lives here.</summary>
    public void DispatchLocal(IActivationWork work, GrainId target)
    {
        try
        {
            (work as IRemoteRequest)?.Isolate();
            var spin = new SpinWait();
            while (true)
            {
                var activation = Catalog.GetOrCreate(target, this)
                    ?? throw new InvalidOperationException(
                        $"Observer {target} no longer exists: DeleteObjectReference was called or the client that created it is gone. Drop the subscription.");
                if (activation.Enqueue(work))
                {
                    return;
                }

                // The activation was deactivating and is about to leave the catalog; the next lookup creates a new one.
                spin.SpinOnce();
            }
        }
        catch (Exception e)
        {
            work.Reject(e);
        }
    }

    /// <summary>Sends work that arrived at a deactivating activation to the grain's next activation.</summary>
    public void Forward(IActivationWork work, GrainId target)
    {
        if (!work.IsAbandoned)
        {
            Dispatch(work, target);
        }
    }

    public GrainReference CreateReference(GrainId grainId, Type interfaceType)
    {
        Types.ValidateInterface(interfaceType);
        var reference = (GrainReference)DispatchProxy.Create(interfaceType, typeof(GrainReference));
        reference.Bind(this, grainId, interfaceType);
        return reference;
    }

    /// <summary>Returns this silo's activations per grain type and its per-method call totals.</summary>
    public Management.SiloStatistics Statistics(string silo)
    {
        var activations = Catalog.Snapshot();
        var byType = activations.Where(a => a.ClassInfo is not null)
            .GroupBy(a => a.ClassInfo!.ClassType.FullName!)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Management.GrainTypeStatistics(silo, g.Key, g.Count()))
            .ToList();
        return new Management.SiloStatistics(silo, activations.Count, byType, Metrics.MethodTotals(silo));
    }

    /// <summary>Stops taking calls; later calls fail with a message saying why.</summary>
    public void Stop(string reason) => stoppedReason = reason;

    public void Dispose() => Metrics.Dispose();
}
