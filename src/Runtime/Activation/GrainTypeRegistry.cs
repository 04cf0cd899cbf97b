using System.Collections.Concurrent;
using System.Reflection;

namespace BigDL.Orleans.Runtime;

/// <summary>The grain classes a silo hosts, the interfaces they implement, and the descriptors of interface methods.</summary>
internal sealed class GrainTypeRegistry
{
    readonly Dictionary<string, GrainClassInfo> byGrainType = new(StringComparer.Ordinal);
    readonly Dictionary<Type, List<GrainClassInfo>> byInterface = [];
    readonly ConcurrentDictionary<MethodInfo, GrainMethod> methods = new();
    readonly ConcurrentDictionary<Type, bool> validatedInterfaces = new();
    readonly ConcurrentDictionary<(Type Interface, string? Prefix), string> resolved = new();
    readonly Func<Type, bool> isShallowCopyable;

    public GrainTypeRegistry(IEnumerable<Assembly> assemblies, Func<Type, bool> isShallowCopyable)
    {
        this.isShallowCopyable = isShallowCopyable;
        foreach (var type in assemblies.Distinct().SelectMany(LoadableTypes))
        {
            if (type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && typeof(Grain).IsAssignableFrom(type))
            {
                Add(new GrainClassInfo(type));
            }
        }
    }

    /// <summary>Gets every hosted grain class.</summary>
    public IEnumerable<GrainClassInfo> Classes => byGrainType.Values;

    /// <summary>Returns the class for a grain type name.</summary>
    /// <exception cref="GrainInterfaceException">No hosted class has that grain type.</exception>
    public GrainClassInfo GetClass(string grainType) =>
        byGrainType.TryGetValue(grainType, out var info)
            ? info
            : throw new GrainInterfaceException(
                $"No grain class with grain type '{grainType}' is hosted by this silo. Add its assembly with options.AddGrainAssembly(...). Known: {string.Join(", ", byGrainType.Keys.Order())}.");

    /// <summary>Returns whether a grain type name is hosted.</summary>
    public bool Contains(string grainType) => byGrainType.ContainsKey(grainType);

    /// <summary>Returns the grain type implementing <paramref name="grainInterface"/>, choosing by class-name prefix when several do.</summary>
    public string ResolveGrainType(Type grainInterface, string? grainClassNamePrefix) =>
        resolved.GetOrAdd((grainInterface, grainClassNamePrefix), static (key, self) => self.Resolve(key.Interface, key.Prefix), this);

    /// <summary>Checks every method of a grain or observer interface once, so a bad interface fails at GetGrain, not at some later call.</summary>
    public void ValidateInterface(Type grainInterface)
    {
        if (validatedInterfaces.ContainsKey(grainInterface))
        {
            return;
        }

        if (!grainInterface.IsInterface)
        {
            throw new GrainInterfaceException($"{grainInterface.Name} is not an interface; grain references are made from grain interfaces.");
        }

        foreach (var method in grainInterface.GetMethods().Concat(grainInterface.GetInterfaces().SelectMany(i => i.GetMethods())))
        {
            GetMethod(method);
        }

        validatedInterfaces[grainInterface] = true;
    }

    /// <summary>Returns the descriptor of an interface method, building it on first use.</summary>
    public GrainMethod GetMethod(MethodInfo method) =>
        methods.TryGetValue(method, out var descriptor)
            ? descriptor
            : methods.GetOrAdd(method, static (m, self) => GrainMethod.Create(m, self.isShallowCopyable), this);

    string Resolve(Type grainInterface, string? prefix)
    {
        ValidateInterface(grainInterface);
        if (!byInterface.TryGetValue(grainInterface, out var classes) || classes.Count == 0)
        {
            throw new GrainInterfaceException(
                $"No grain class implementing {grainInterface.FullName} is hosted. Add the assembly that holds it with options.AddGrainAssembly(typeof(YourGrain).Assembly).");
        }

        var candidates = prefix is null
            ? classes
            : [.. classes.Where(c => c.ClassType.FullName!.StartsWith(prefix, StringComparison.Ordinal) || c.ClassType.Name.StartsWith(prefix, StringComparison.Ordinal))];
        return candidates.Count switch
        {
            1 => candidates[0].GrainType,
            0 => throw new GrainInterfaceException($"No class implementing {grainInterface.Name} starts with '{prefix}'. Candidates: {Names(classes)}."),
            _ => throw new GrainInterfaceException(
                $"Several classes implement {grainInterface.Name}: {Names(candidates)}. Pass grainClassNamePrefix to GetGrain to pick one."),
        };
    }

    void Add(GrainClassInfo info)
    {
        if (byGrainType.TryGetValue(info.GrainType, out var existing) && existing.ClassType != info.ClassType)
        {
            throw new GrainInterfaceException(
                $"Grain classes {existing.ClassType.FullName} and {info.ClassType.FullName} both have grain type '{info.GrainType}'; give one a [GrainType(\"...\")].");
        }

        byGrainType[info.GrainType] = info;
        foreach (var grainInterface in info.Interfaces)
        {
            if (!byInterface.TryGetValue(grainInterface, out var list))
            {
                byInterface[grainInterface] = list = [];
            }

            if (!list.Contains(info))
            {
                list.Add(info);
            }
        }
    }

    static string Names(IEnumerable<GrainClassInfo> classes) => string.Join(", ", classes.Select(c => c.ClassType.FullName));

    static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
