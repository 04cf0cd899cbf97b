using System.Reflection;

namespace BigDL.Orleans.Hosting;

/// <summary>Settings of a silo, bound from the <c>BigDL</c> configuration section and the <c>UseBigDLSilo</c> callback.</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section the options bind from, e.g. <c>BigDL:ResponseTimeout</c> or <c>BigDL__Storage</c>.</summary>
    public const string SectionName = "BigDL";

    /// <summary>The default response timeout, as in Orleans.</summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default idle time before an activation is collected, as in Orleans.</summary>
    public static readonly TimeSpan DefaultCollectionAge = TimeSpan.FromMinutes(15);

    /// <summary>The default interval of the idle-collection sweep.</summary>
    public static readonly TimeSpan DefaultCollectionQuantum = TimeSpan.FromMinutes(1);

    /// <summary>The default shortest reminder period, as in Orleans.</summary>
    public static readonly TimeSpan DefaultMinimumReminderPeriod = TimeSpan.FromMinutes(1);

    /// <summary>The default interval at which a silo re-reads the reminders of its ring ranges.</summary>
    public static readonly TimeSpan DefaultReminderRefreshPeriod = TimeSpan.FromMinutes(1);

    readonly List<Assembly> grainAssemblies = [];

    /// <summary>Gets or sets the cluster this silo belongs to.</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>Gets or sets the service name, shared by clusters that keep the same state.</summary>
    public string ServiceId { get; set; } = "bigdl";

    /// <summary>Gets or sets the silo's name in logs.</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>
    /// Gets or sets where grain state and reminders live: null or empty for the SQLite file <c>bigdl.db</c> in the
    /// working folder, a file path or SQLite connection string, a PostgreSQL connection string (<c>Host=...</c> or a
    /// <c>postgres://</c> URI), or <c>memory</c>.
    /// </summary>
    public string? Storage { get; set; }

    /// <summary>Gets or sets how long a caller waits for a grain's response.</summary>
    public TimeSpan ResponseTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>Gets or sets how long loading state and <c>OnActivateAsync</c> may take.</summary>
    public TimeSpan ActivationTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>Gets or sets how long <c>OnDeactivateAsync</c> may take.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>Gets or sets the idle time after which an activation is deactivated (per class: <c>[CollectionAgeLimit]</c>).</summary>
    public TimeSpan CollectionAge { get; set; } = DefaultCollectionAge;

    /// <summary>Gets or sets how often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = DefaultCollectionQuantum;

    /// <summary>Gets or sets the shortest period a reminder may have; reminders are for coarse, durable schedules.</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = DefaultMinimumReminderPeriod;

    /// <summary>Gets or sets how often the silo re-reads its reminders, picking up ones registered through other silos.</summary>
    public TimeSpan ReminderRefreshPeriod { get; set; } = DefaultReminderRefreshPeriod;

    /// <summary>Gets the assemblies searched for grain classes; when none are added, the entry assembly and what it references.</summary>
    public IReadOnlyList<Assembly> GrainAssemblies => grainAssemblies.Count > 0 ? grainAssemblies : DefaultGrainAssemblies();

    /// <summary>Adds an assembly whose grain classes this silo hosts.</summary>
    public SiloOptions AddGrainAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (!grainAssemblies.Contains(assembly))
        {
            grainAssemblies.Add(assembly);
        }

        return this;
    }

    static List<Assembly> DefaultGrainAssemblies()
    {
        var found = new List<Assembly>();
        var pending = new Stack<Assembly>();
        if (Assembly.GetEntryAssembly() is { } entry)
        {
            pending.Push(entry);
        }

        while (pending.TryPop(out var assembly))
        {
            if (found.Contains(assembly))
            {
                continue;
            }

            found.Add(assembly);
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (IsFrameworkOrPackage(reference.Name))
                {
                    continue;
                }

                try
                {
                    pending.Push(Assembly.Load(reference));
                }
                catch (FileNotFoundException)
                {
                    // A reference that is not deployed cannot hold grains this silo could run.
                }
            }
        }

        return found;
    }

    static bool IsFrameworkOrPackage(string? name) =>
        name is null || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft", StringComparison.Ordinal)
        || name is "netstandard" or "mscorlib" || name.StartsWith("Npgsql", StringComparison.Ordinal) || name.StartsWith("SQLitePCL", StringComparison.Ordinal);
}
