using BigDL.Storage.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace BigDL.Storage;

/// <summary>Registers SQLite or PostgreSQL clustering: the membership table on silos, the gateway list on clients.</summary>
/// <remarks>The cluster is <c>ClusterOptions.ClusterId</c>; a client finds the active silos of that cluster that accept clients.</remarks>
public static class ClusteringHostingExtensions
{
    /// <summary>Keeps the silo's cluster membership in a SQLite file that the silo processes of one host share.</summary>
    public static ISiloBuilder UseSqliteClustering(this ISiloBuilder builder, Action<SqliteClusteringOptions> configureOptions) =>
        builder.UseSqliteClustering(ob => ob.Configure(configureOptions));

    /// <summary>Keeps the silo's cluster membership in a SQLite file that the silo processes of one host share.</summary>
    public static ISiloBuilder UseSqliteClustering(this ISiloBuilder builder, Action<OptionsBuilder<SqliteClusteringOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(builder.Services.AddStoreOptions<SqliteClusteringOptions, SqliteStoreOptionsValidator<SqliteClusteringOptions>>(Options.DefaultName));
        StoreRegistration.AddMembershipTable(builder.Services, sp => sp.GetRequiredService<IOptions<SqliteClusteringOptions>>().Value.OpenStore());
        return builder;
    }

    /// <summary>Keeps the silo's cluster membership in a PostgreSQL database shared by the silos of many hosts.</summary>
    public static ISiloBuilder UsePostgreSqlClustering(this ISiloBuilder builder, Action<PostgreSqlClusteringOptions> configureOptions) =>
        builder.UsePostgreSqlClustering(ob => ob.Configure(configureOptions));

    /// <summary>Keeps the silo's cluster membership in a PostgreSQL database shared by the silos of many hosts.</summary>
    public static ISiloBuilder UsePostgreSqlClustering(this ISiloBuilder builder, Action<OptionsBuilder<PostgreSqlClusteringOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(builder.Services.AddStoreOptions<PostgreSqlClusteringOptions, PostgreSqlStoreOptionsValidator<PostgreSqlClusteringOptions>>(Options.DefaultName));
        StoreRegistration.AddMembershipTable(builder.Services, sp => sp.GetRequiredService<IOptions<PostgreSqlClusteringOptions>>().Value.OpenStore());
        return builder;
    }

    /// <summary>Finds the cluster's gateways in the SQLite file its silos use for membership.</summary>
    public static IClientBuilder UseSqliteClustering(this IClientBuilder builder, Action<SqliteClusteringOptions> configureOptions) =>
        builder.UseSqliteClustering(ob => ob.Configure(configureOptions));

    /// <summary>Finds the cluster's gateways in the SQLite file its silos use for membership.</summary>
    public static IClientBuilder UseSqliteClustering(this IClientBuilder builder, Action<OptionsBuilder<SqliteClusteringOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(builder.Services.AddStoreOptions<SqliteClusteringOptions, SqliteStoreOptionsValidator<SqliteClusteringOptions>>(Options.DefaultName));
        StoreRegistration.AddGatewayListProvider(builder.Services, sp => sp.GetRequiredService<IOptions<SqliteClusteringOptions>>().Value.OpenStore());
        return builder;
    }

    /// <summary>Finds the cluster's gateways in the PostgreSQL database its silos use for membership.</summary>
    public static IClientBuilder UsePostgreSqlClustering(this IClientBuilder builder, Action<PostgreSqlClusteringOptions> configureOptions) =>
        builder.UsePostgreSqlClustering(ob => ob.Configure(configureOptions));

    /// <summary>Finds the cluster's gateways in the PostgreSQL database its silos use for membership.</summary>
    public static IClientBuilder UsePostgreSqlClustering(this IClientBuilder builder, Action<OptionsBuilder<PostgreSqlClusteringOptions>> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configureOptions);
        configureOptions(builder.Services.AddStoreOptions<PostgreSqlClusteringOptions, PostgreSqlStoreOptionsValidator<PostgreSqlClusteringOptions>>(Options.DefaultName));
        StoreRegistration.AddGatewayListProvider(builder.Services, sp => sp.GetRequiredService<IOptions<PostgreSqlClusteringOptions>>().Value.OpenStore());
        return builder;
    }
}
