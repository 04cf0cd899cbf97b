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
    readonly ConcurrentDictionary<(string Interface, string Method), GrainMethod?> byWireName = new();
    volatile IReadOnlyList<GrainManifestEntry> remoteClasses = [];
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

    /// <summary>Gets the grain classes this silo hosts, as a manifest for clients that have only the interfaces.</summary>
    public IReadOnlyList<GrainManifestEntry> Manifest() =>
        [.. Classes.Select(c => new GrainManifestEntry(c.GrainType, c.ClassType.FullName!, [.. c.Interfaces.Select(GrainMethod.InterfaceKeyOf)]))];

    /// <summary>Learns the grain classes of the cluster (a client's view, from its gateway), so interfaces resolve to grain types without the classes.</summary>
    public void UseRemoteManifest(IReadOnlyList<GrainManifestEntry> manifest)
    {
        remoteClasses = manifest;
        resolved.Clear();
    }

    /// <summary>Returns the method a message names, or null when this process has no such grain interface method.</summary>
    /// <remarks>Only interfaces deriving from <see cref="IAddressable"/> are looked up, so a message cannot make us load arbitrary types.</remarks>
    public GrainMethod? FindMethod(string interfaceKey, string methodKey) =>
        byWireName.TryGetValue((interfaceKey, methodKey), out var known)
            ? known
            : byWireName.GetOrAdd((interfaceKey, methodKey), static (key, self) => self.LoadMethod(key.Interface, key.Method), this);

    GrainMethod? LoadMethod(string interfaceKey, string methodKey)
    {
        var comma = interfaceKey.IndexOf(',', StringComparison.Ordinal);
        if (comma <= 0 || byWireName.Count > 100_000)
        {
            return null;
        }

        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == interfaceKey[(comma + 1)..]);
        var type = assembly?.GetType(interfaceKey[..comma], throwOnError: false);
        if (type is null || !type.IsInterface || !typeof(IAddressable).IsAssignableFrom(type))
        {
            return null;
        }

        ValidateInterface(type);
        return type.GetMethods().Concat(type.GetInterfaces().SelectMany(i => i.GetMethods()))
            .Select(GetMethod)
            .FirstOrDefault(m => m.InterfaceKey == interfaceKey && m.MethodKey == methodKey);
    }

    string Resolve(Type grainInterface, string? prefix)
    {
        ValidateInterface(grainInterface);
        if ((!byInterface.TryGetValue(grainInterface, out var classes) || classes.Count == 0) && ResolveRemote(grainInterface, prefix) is { } remote)
        {
            return remote;
        }

        if (classes is null || classes.Count == 0)
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

    string? ResolveRemote(Type grainInterface, string? prefix)
    {
        var key = GrainMethod.InterfaceKeyOf(grainInterface);
        var classes = remoteClasses.Where(c => c.Interfaces.Contains(key)).ToList();
        if (classes.Count == 0)
        {
            return null;
        }

        var candidates = prefix is null
            ? classes
            : [.. classes.Where(c => c.ClassName.StartsWith(prefix, StringComparison.Ordinal) || c.ClassName[(c.ClassName.LastIndexOf('.') + 1)..].StartsWith(prefix, StringComparison.Ordinal))];
        return candidates.Count switch
        {
            1 => candidates[0].GrainType,
            0 => throw new GrainInterfaceException($"No class implementing {grainInterface.Name} starts with '{prefix}'. Candidates: {string.Join(", ", classes.Select(c => c.ClassName))}."),
            _ => throw new GrainInterfaceException(
                $"Several classes implement {grainInterface.Name}: {string.Join(", ", candidates.Select(c => c.ClassName))}. Pass grainClassNamePrefix to GetGrain to pick one."),
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
