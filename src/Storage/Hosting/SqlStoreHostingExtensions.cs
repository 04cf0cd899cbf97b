using BigDL.Storage.Sql;
using Orleans.Hosting;

namespace BigDL.Storage;

/// <summary>Configures everything the service keeps in one store from one store string: membership, reminders and grain state.</summary>
/// <remarks>
/// The store string: empty means <c>bigdl.db</c> in the working folder; a file path (<c>./bigdl.db</c>) or
/// <c>Data Source=&lt;file&gt;</c> is SQLite, whose folder must exist; <c>Host=&lt;server&gt;;Database=...</c> or a
/// <c>postgres://</c> / <c>postgresql://</c> URI is PostgreSQL. Anything else (another URI scheme, a connection string
/// with neither key) is refused at once with one line; a database that cannot be reached fails the silo's start with
/// one line naming the server, never the password. Nothing already stored is changed: missing tables are created.
/// </remarks>
public static class SqlStoreHostingExtensions
{
    /// <summary>The name of the grain storage provider configured beside the default one.</summary>
    public const string StorageName = "bigdl";

    /// <summary>Keeps the silo's membership, reminders and grain state (the default provider and <see cref="StorageName"/>) in <paramref name="store"/>.</summary>
    /// <exception cref="StoreException">The store string names neither SQLite nor PostgreSQL, or a SQLite file in a missing folder.</exception>
    public static ISiloBuilder UseSqlStore(this ISiloBuilder builder, string? store) => builder.UseSqlStore(store, clustering: true);

    /// <summary>
    /// Keeps the silo's reminders and grain state in <paramref name="store"/>, and its membership too when
    /// <paramref name="clustering"/> is set; a silo that runs alone leaves membership to a development provider, so a
    /// restart after a crash need not wait for its former self to be voted dead.
    /// </summary>
    /// <exception cref="StoreException">The store string names neither SQLite nor PostgreSQL, or a SQLite file in a missing folder.</exception>
    public static ISiloBuilder UseSqlStore(this ISiloBuilder builder, string? store, bool clustering)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var location = StoreLocation.Parse(store);
        var connectionString = location.ConnectionString;
        if (location.Kind == StoreKind.PostgreSql)
        {
            if (clustering)
            {
                builder.UsePostgreSqlClustering(o => o.ConnectionString = connectionString);
            }

            return builder
                .UsePostgreSqlReminderService(o => o.ConnectionString = connectionString)
                .AddPostgreSqlGrainStorageAsDefault(o => o.ConnectionString = connectionString)
                .AddPostgreSqlGrainStorage(StorageName, o => o.ConnectionString = connectionString);
        }

        if (clustering)
        {
            builder.UseSqliteClustering(o => o.ConnectionString = connectionString);
        }

        return builder
            .UseSqliteReminderService(o => o.ConnectionString = connectionString)
            .AddSqliteGrainStorageAsDefault(o => o.ConnectionString = connectionString)
            .AddSqliteGrainStorage(StorageName, o => o.ConnectionString = connectionString);
    }

    /// <summary>Lets a client find the gateways of its cluster in <paramref name="store"/>, the store its silos use.</summary>
    /// <exception cref="StoreException">The store string names neither SQLite nor PostgreSQL, or a SQLite file in a missing folder.</exception>
    public static IClientBuilder UseSqlStore(this IClientBuilder builder, string? store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var location = StoreLocation.Parse(store);
        var connectionString = location.ConnectionString;
        return location.Kind == StoreKind.PostgreSql
            ? builder.UsePostgreSqlClustering(o => o.ConnectionString = connectionString)
            : builder.UseSqliteClustering(o => o.ConnectionString = connectionString);
    }
}
