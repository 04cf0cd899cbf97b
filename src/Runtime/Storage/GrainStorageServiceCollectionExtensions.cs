using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Storage;

/// <summary>Registers grain storage providers, Orleans style: each under a name that <c>[PersistentState("state", "name")]</c> refers to.</summary>
/// <remarks>
/// A provider is an <see cref="IGrainStorage"/> keyed singleton under its name; registering a name again replaces the
/// earlier provider (the last registration wins, as with any keyed service). Each name also contributes one
/// <see cref="IStorageInitializer"/> that the host runs at startup.
/// </remarks>
public static class GrainStorageServiceCollectionExtensions
{
    /// <summary>The provider name used when a grain's persistent state names none.</summary>
    public const string DefaultProviderName = "Default";

    /// <summary>Adds in-memory grain storage under <paramref name="name"/>.</summary>
    public static IServiceCollection AddMemoryGrainStorage(this IServiceCollection services, string name = DefaultProviderName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        services.AddLogging();
        AddInitializer(services, name);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new MemoryGrainStorage(name, sp.GetRequiredService<ILogger<MemoryGrainStorage>>()));
        return services;
    }

    /// <summary>Adds SQLite grain storage under <paramref name="name"/>, configured by <paramref name="configure"/>.</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddLogging();
        services.AddOptions<SqliteStorageOptions>(name).Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        AddInitializer(services, name);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new SqliteGrainStorage(
            name, sp.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get(name), sp.GetRequiredService<ILogger<SqliteGrainStorage>>()));
        return services;
    }

    /// <summary>Adds PostgreSQL grain storage under <paramref name="name"/>, configured by <paramref name="configure"/>.</summary>
    public static IServiceCollection AddPostgreSqlGrainStorage(this IServiceCollection services, string name, Action<PostgreSqlStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddLogging();
        services.AddOptions<PostgreSqlStorageOptions>(name).Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStorageOptions>, PostgreSqlStorageOptionsValidator>());
        AddInitializer(services, name);
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new PostgreSqlGrainStorage(
            name, sp.GetRequiredService<IOptionsMonitor<PostgreSqlStorageOptions>>().Get(name), sp.GetRequiredService<ILogger<PostgreSqlGrainStorage>>()));
        return services;
    }

    /// <summary>Adds the grain storage that <paramref name="connection"/> names (see <see cref="StorageConnection.Detect"/>) under <paramref name="name"/>.</summary>
    public static IServiceCollection AddGrainStorage(this IServiceCollection services, StorageConnection connection, string name = DefaultProviderName)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Kind switch
        {
            StorageProviderKind.Memory => services.AddMemoryGrainStorage(name),
            StorageProviderKind.PostgreSql => services.AddPostgreSqlGrainStorage(name, o => o.ConnectionString = connection.ConnectionString),
            _ => services.AddSqliteGrainStorage(name, o => o.ConnectionString = connection.ConnectionString),
        };
    }

    static void AddInitializer(IServiceCollection services, string name)
    {
        // One initializer per name, which runs whichever provider is registered under the name last.
        if (!services.Any(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name)))
        {
            services.AddSingleton<IStorageInitializer>(sp => new KeyedGrainStorageInitializer(sp.GetRequiredKeyedService<IGrainStorage>(name)));
        }
    }

    /// <summary>Initializes a keyed provider when it has setup to do.</summary>
    sealed class KeyedGrainStorageInitializer(IGrainStorage storage) : IStorageInitializer
    {
        public Task InitializeAsync(CancellationToken cancellationToken) =>
            storage is IStorageInitializer initializer ? initializer.InitializeAsync(cancellationToken) : Task.CompletedTask;
    }
}
