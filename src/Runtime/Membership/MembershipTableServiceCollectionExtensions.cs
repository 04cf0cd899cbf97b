using BigDL.Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Membership;

/// <summary>Registers the membership table; the first registration wins (TryAdd), so a user's choice made earlier stays.</summary>
/// <remarks>The table is also an <see cref="IStorageInitializer"/>, so the host's startup pass creates its schema and the cluster's version row.</remarks>
public static class MembershipTableServiceCollectionExtensions
{
    /// <summary>The options name the membership table's <see cref="SqliteStorageOptions"/> or <see cref="PostgreSqlStorageOptions"/> are registered under.</summary>
    public const string OptionsName = "Membership";

    /// <summary>Adds <paramref name="shared"/> as the membership table: give the same instance to every silo of a cluster in one process.</summary>
    public static IServiceCollection AddInMemoryMembershipTable(this IServiceCollection services, InMemoryMembershipTable shared)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(shared);
        services.TryAddSingleton<IMembershipTable>(shared);
        AddInitializer(services);
        return services;
    }

    /// <summary>Adds the SQLite membership table of <paramref name="clusterId"/>, configured by <paramref name="configure"/>.</summary>
    public static IServiceCollection AddSqliteMembershipTable(this IServiceCollection services, string clusterId, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddLogging();
        services.AddOptions<SqliteStorageOptions>(OptionsName).Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.TryAddSingleton<IMembershipTable>(sp => new SqliteMembershipTable(
            clusterId, sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(OptionsName), sp.GetRequiredService<ILogger<SqliteMembershipTable>>()));
        AddInitializer(services);
        return services;
    }

    /// <summary>Adds the PostgreSQL membership table of <paramref name="clusterId"/>, configured by <paramref name="configure"/>.</summary>
    public static IServiceCollection AddPostgreSqlMembershipTable(this IServiceCollection services, string clusterId, Action<PostgreSqlStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddLogging();
        services.AddOptions<PostgreSqlStorageOptions>(OptionsName).Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStorageOptions>, PostgreSqlStorageOptionsValidator>());
        services.TryAddSingleton<IMembershipTable>(sp => new PostgreSqlMembershipTable(
            clusterId, sp.GetRequiredService<IOptionsMonitor<PostgreSqlStorageOptions>>().Get(OptionsName), sp.GetRequiredService<ILogger<PostgreSqlMembershipTable>>()));
        AddInitializer(services);
        return services;
    }

    /// <summary>Adds the membership table of <paramref name="clusterId"/> in the store <paramref name="connection"/> names (see <see cref="StorageConnection.Detect"/>).</summary>
    /// <remarks>
    /// For <see cref="StorageProviderKind.Memory"/> the table is private to this service provider, so only a one-silo
    /// cluster works; to run several silos in one process, share one table with <see cref="AddInMemoryMembershipTable"/>.
    /// </remarks>
    public static IServiceCollection AddMembershipTable(this IServiceCollection services, StorageConnection connection, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Kind switch
        {
            StorageProviderKind.Memory => services.AddInMemoryMembershipTable(new InMemoryMembershipTable(clusterId)),
            StorageProviderKind.PostgreSql => services.AddPostgreSqlMembershipTable(clusterId, o => o.ConnectionString = connection.ConnectionString),
            _ => services.AddSqliteMembershipTable(clusterId, o => o.ConnectionString = connection.ConnectionString),
        };
    }

    static void AddInitializer(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStorageInitializer, MembershipTableInitializer>());

    /// <summary>Initializes whichever membership table is registered.</summary>
    sealed class MembershipTableInitializer(IMembershipTable table) : IStorageInitializer
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => table.InitializeAsync(cancellationToken);
    }
}
