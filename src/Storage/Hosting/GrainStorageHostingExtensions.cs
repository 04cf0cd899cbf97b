using BigDL.Storage.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Providers;

namespace BigDL.Storage;

/// <summary>Registers grain storage providers in SQLite or PostgreSQL, each under a name, as Orleans names its own.</summary>
public static class GrainStorageHostingExtensions
{
    /// <summary>Adds SQLite grain storage named <paramref name="name"/>, which <c>[PersistentState("state", "name")]</c> refers to.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configureOptions) =>
        builder.AddSqliteGrainStorage(name, ob => ob.Configure(configureOptions));

    /// <summary>Adds SQLite grain storage named <paramref name="name"/>, which <c>[PersistentState("state", "name")]</c> refers to.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<SqliteGrainStorageOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteGrainStorage(name, configureOptions);
        return builder;
    }

    /// <summary>Adds SQLite grain storage as the default provider, used by persistent state that names none.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions> configureOptions) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds SQLite grain storage as the default provider, used by persistent state that names none.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<SqliteGrainStorageOptions>> configureOptions) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds SQLite grain storage named <paramref name="name"/>.</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<OptionsBuilder<SqliteGrainStorageOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(services.AddStoreOptions<SqliteGrainStorageOptions, SqliteStoreOptionsValidator<SqliteGrainStorageOptions>>(name));
        StoreRegistration.AddGrainStorage<SqliteGrainStorageOptions>(services, name, o => o.OpenStore(), o => o.DeleteStateOnClear);
        return services;
    }

    /// <summary>Adds PostgreSQL grain storage named <paramref name="name"/>, which <c>[PersistentState("state", "name")]</c> refers to.</summary>
    public static ISiloBuilder AddPostgreSqlGrainStorage(this ISiloBuilder builder, string name, Action<PostgreSqlGrainStorageOptions> configureOptions) =>
        builder.AddPostgreSqlGrainStorage(name, ob => ob.Configure(configureOptions));

    /// <summary>Adds PostgreSQL grain storage named <paramref name="name"/>, which <c>[PersistentState("state", "name")]</c> refers to.</summary>
    public static ISiloBuilder AddPostgreSqlGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<PostgreSqlGrainStorageOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPostgreSqlGrainStorage(name, configureOptions);
        return builder;
    }

    /// <summary>Adds PostgreSQL grain storage as the default provider, used by persistent state that names none.</summary>
    public static ISiloBuilder AddPostgreSqlGrainStorageAsDefault(this ISiloBuilder builder, Action<PostgreSqlGrainStorageOptions> configureOptions) =>
        builder.AddPostgreSqlGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds PostgreSQL grain storage as the default provider, used by persistent state that names none.</summary>
    public static ISiloBuilder AddPostgreSqlGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<PostgreSqlGrainStorageOptions>> configureOptions) =>
        builder.AddPostgreSqlGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds PostgreSQL grain storage named <paramref name="name"/>.</summary>
    public static IServiceCollection AddPostgreSqlGrainStorage(this IServiceCollection services, string name, Action<OptionsBuilder<PostgreSqlGrainStorageOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(services.AddStoreOptions<PostgreSqlGrainStorageOptions, PostgreSqlStoreOptionsValidator<PostgreSqlGrainStorageOptions>>(name));
        StoreRegistration.AddGrainStorage<PostgreSqlGrainStorageOptions>(services, name, o => o.OpenStore(), o => o.DeleteStateOnClear);
        return services;
    }
}
