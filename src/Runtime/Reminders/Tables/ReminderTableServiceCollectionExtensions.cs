using BigDL.Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Reminders;

/// <summary>Registers the reminder table; the first registration wins (TryAdd), so a user's choice made earlier stays.</summary>
/// <remarks>The table is also an <see cref="IStorageInitializer"/>, so the host's startup pass creates its schema.</remarks>
public static class ReminderTableServiceCollectionExtensions
{
    /// <summary>The options name the reminder table's <see cref="SqliteStorageOptions"/> or <see cref="PostgreSqlStorageOptions"/> are registered under.</summary>
    public const string OptionsName = "Reminders";

    /// <summary>Adds the in-memory reminder table.</summary>
    public static IServiceCollection AddMemoryReminderTable(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IReminderTable, InMemoryReminderTable>();
        AddInitializer(services);
        return services;
    }

    /// <summary>Adds the SQLite reminder table, configured by <paramref name="configure"/>.</summary>
    public static IServiceCollection AddSqliteReminderTable(this IServiceCollection services, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddLogging();
        services.AddOptions<SqliteStorageOptions>(OptionsName).Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.TryAddSingleton<IReminderTable>(sp => new SqliteReminderTable(
            sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(OptionsName), sp.GetRequiredService<ILogger<SqliteReminderTable>>()));
        AddInitializer(services);
        return services;
    }

    /// <summary>Adds the PostgreSQL reminder table, configured by <paramref name="configure"/>.</summary>
    public static IServiceCollection AddPostgreSqlReminderTable(this IServiceCollection services, Action<PostgreSqlStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddLogging();
        services.AddOptions<PostgreSqlStorageOptions>(OptionsName).Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStorageOptions>, PostgreSqlStorageOptionsValidator>());
        services.TryAddSingleton<IReminderTable>(sp => new PostgreSqlReminderTable(
            sp.GetRequiredService<IOptionsMonitor<PostgreSqlStorageOptions>>().Get(OptionsName), sp.GetRequiredService<ILogger<PostgreSqlReminderTable>>()));
        AddInitializer(services);
        return services;
    }

    /// <summary>Adds the reminder table that <paramref name="connection"/> names (see <see cref="StorageConnection.Detect"/>).</summary>
    public static IServiceCollection AddReminderTable(this IServiceCollection services, StorageConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Kind switch
        {
            StorageProviderKind.Memory => services.AddMemoryReminderTable(),
            StorageProviderKind.PostgreSql => services.AddPostgreSqlReminderTable(o => o.ConnectionString = connection.ConnectionString),
            _ => services.AddSqliteReminderTable(o => o.ConnectionString = connection.ConnectionString),
        };
    }

    static void AddInitializer(IServiceCollection services) =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStorageInitializer, ReminderTableInitializer>());

    /// <summary>Initializes whichever reminder table is registered.</summary>
    sealed class ReminderTableInitializer(IReminderTable table) : IStorageInitializer
    {
        public Task InitializeAsync(CancellationToken cancellationToken) => table.InitializeAsync(cancellationToken);
    }
}
