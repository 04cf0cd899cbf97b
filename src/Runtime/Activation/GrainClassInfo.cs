using System.Reflection;
using System.Runtime.ExceptionServices;
using BigDL.Orleans.Concurrency;
using BigDL.Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BigDL.Orleans.Runtime;

/// <summary>What the runtime knows about one grain class: its grain type name, concurrency settings and how to construct it.</summary>
internal sealed class GrainClassInfo
{
    static readonly MethodInfo createStateMethod = typeof(GrainClassInfo).GetMethod(nameof(CreateState), BindingFlags.Static | BindingFlags.NonPublic)!;

    readonly ConstructorInfo constructor;
    readonly Func<ActivationData, object?>[] argumentFactories;

    public GrainClassInfo(Type classType)
    {
        ClassType = classType;
        GrainType = classType.GetCustomAttribute<GrainTypeAttribute>()?.GrainType ?? DefaultGrainType(classType);
        Reentrant = classType.IsDefined(typeof(ReentrantAttribute), inherit: true);
        StatelessWorkerMax = classType.GetCustomAttribute<StatelessWorkerAttribute>()?.MaxLocalWorkers;
        CollectionAge = classType.GetCustomAttribute<CollectionAgeLimitAttribute>(inherit: true)?.Age;
        Interfaces = [.. classType.GetInterfaces().Where(i => typeof(IAddressable).IsAssignableFrom(i))];
        Placement = classType.GetCustomAttribute<Placement.PlacementAttribute>(inherit: true)?.Strategy ?? BigDL.Orleans.Placement.RandomPlacement.Instance;

        var constructors = classType.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        constructor = constructors.OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
            ?? throw new GrainInterfaceException($"Grain class {classType.FullName} has no public constructor; add one.");
        argumentFactories = [.. constructor.GetParameters().Select(p => ArgumentFactory(classType, p))];
    }

    public Type ClassType { get; }

    /// <summary>Gets the grain type name that <see cref="GrainId.Type"/> carries.</summary>
    public string GrainType { get; }

    public bool Reentrant { get; }

    /// <summary>Gets the most local activations of a stateless worker, or null for an ordinary grain.</summary>
    public int? StatelessWorkerMax { get; }

    /// <summary>Gets the class's own idle collection age, or null for the silo default.</summary>
    public TimeSpan? CollectionAge { get; }

    /// <summary>Gets how a cluster picks the silo of a new activation (random unless the class says otherwise).</summary>
    public Placement.PlacementStrategy Placement { get; }

    /// <summary>Gets the grain interfaces the class implements.</summary>
    public IReadOnlyList<Type> Interfaces { get; }

    /// <summary>Constructs the grain, resolving constructor arguments from the silo's services and binding persistent state.</summary>
    public object Create(ActivationData activation)
    {
        var args = new object?[argumentFactories.Length];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = argumentFactories[i](activation);
        }

        try
        {
            return constructor.Invoke(args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw; // unreachable: Throw() always throws
        }
    }

    /// <summary>"ExperimentGrain" → "experiment": the class name without the Grain suffix, lower-cased.</summary>
    static string DefaultGrainType(Type classType)
    {
        var name = classType.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }

    static Func<ActivationData, object?> ArgumentFactory(Type classType, ParameterInfo parameter)
    {
        var persistent = parameter.GetCustomAttribute<PersistentStateAttribute>();
        if (persistent is not null)
        {
            var type = parameter.ParameterType;
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new GrainInterfaceException(
                    $"Parameter '{parameter.Name}' of {classType.Name}'s constructor has [PersistentState] but is a {type.Name}; declare it as IPersistentState<TState>.");
            }

            var create = createStateMethod.MakeGenericMethod(type.GetGenericArguments()[0])
                .CreateDelegate<Func<ActivationData, string, string, object>>(); // PersistentState<T> converts to object covariantly
            return activation => create(activation, persistent.StateName, persistent.StorageName);
        }

        return activation => activation.Runtime.Services.GetService(parameter.ParameterType)
            ?? (parameter.HasDefaultValue ? parameter.DefaultValue : throw new InvalidOperationException(
                $"Cannot construct {classType.Name}: no service of type {parameter.ParameterType.Name} is registered for constructor parameter '{parameter.Name}'. Register it in the host's services."));
    }

    static PersistentState<TState> CreateState<TState>(ActivationData activation, string stateName, string storageName)
    {
        var storage = activation.Runtime.Services.GetKeyedService<IGrainStorage>(storageName)
            ?? throw new InvalidOperationException(
                $"Grain {activation.GrainId} asks for storage provider '{storageName}' for state '{stateName}', but none is registered. " +
                $"Register it (services.AddSqliteGrainStorage(\"{storageName}\", ...)) or use the default provider.");
        var state = new PersistentState<TState>(stateName, activation.GrainId, storage);
        activation.AddPersistentState(state);
        return state;
    }
}
