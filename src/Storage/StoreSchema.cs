using BigDL.Storage.PostgreSql;
using BigDL.Storage.Sql;
using BigDL.Storage.Sqlite;

namespace BigDL.Storage;

/// <summary>Creates the tables of a store: membership, reminders and grain state, in SQLite or PostgreSQL.</summary>
/// <remarks>
/// Idempotent and safe when several silos run it at once (SQLite: one write transaction; PostgreSQL: under an advisory
/// lock). It only ever creates what is missing: nothing already stored is changed.
/// </remarks>
public static class StoreSchema
{
    /// <summary>The SQLite tables, for an operator who prefers to create them by hand.</summary>
    public const string SqliteSql = SqliteSchemaSql.Sql;

    /// <summary>The PostgreSQL tables, for an operator who prefers to create them by hand.</summary>
    public const string PostgreSqlSql = PostgreSqlSchemaSql.Sql;

    /// <summary>Creates the tables that <paramref name="store"/> lacks (see <see cref="SqlStoreHostingExtensions.UseSqlStore(Orleans.Hosting.ISiloBuilder, string?)"/> for the store string).</summary>
    /// <exception cref="StoreException">The store string names no database, or the database cannot be reached or written.</exception>
    public static async Task EnsureCreatedAsync(string? store, CancellationToken cancellationToken = default)
    {
        var database = StoreLocation.Parse(store).Open(createSchema: true, SqliteStoreOptions.DefaultBusyTimeout);
        await using (database)
        {
            await database.EnsureSchemaAsync(cancellationToken);
        }
    }

    /// <summary>Describes the database <paramref name="store"/> names, safe to print: the file, or server, database and user, never a password.</summary>
    /// <exception cref="StoreException">The store string names no database.</exception>
    public static string Describe(string? store) => StoreLocation.Parse(store).Description;
}
