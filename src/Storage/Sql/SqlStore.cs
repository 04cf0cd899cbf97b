using System.Data.Common;

namespace BigDL.Storage.Sql;

/// <summary>One database of a store: opens connections, runs the dialect's write transaction and schema, and turns driver errors into <see cref="StoreException"/>.</summary>
/// <remarks>
/// The membership table, the reminder table and grain storage share their SQL through this class: both dialects take
/// <c>@name</c> parameters and <c>ON CONFLICT</c>; what differs (times, locking, DDL, errors) lives in the subclasses.
/// </remarks>
internal abstract class SqlStore : IAsyncDisposable
{
    readonly SchemaGate schema;
    readonly bool createSchema;

    private protected SqlStore(bool createSchema)
    {
        this.createSchema = createSchema;
        schema = new SchemaGate(InitializeSchemaAsync);
    }

    /// <summary>Gets where the data lives, safe to print: the file, or the server, database and user, never a password.</summary>
    public abstract string Description { get; }

    public abstract StoreKind Kind { get; }

    /// <summary>Creates every table of the store if missing (or, when not allowed to create them, checks they exist); once per instance.</summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => schema.EnsureAsync(cancellationToken);

    /// <summary>Runs <paramref name="work"/> on an open connection after the schema is in place.</summary>
    public async Task<TResult> RunAsync<TResult>(Func<DbConnection, Task<TResult>> work, CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await RunOnConnectionAsync(work, cancellationToken);
    }

    /// <summary>Begins a transaction that keeps other writers out from its first read to its commit.</summary>
    public abstract Task<DbTransaction> BeginWriteTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A UTC time as the dialect stores it.</summary>
    public abstract object WriteTime(DateTime utc);

    /// <summary>Reads a time written by <see cref="WriteTime"/>, as UTC.</summary>
    public abstract DateTime ReadTime(DbDataReader reader, int ordinal);

    public abstract ValueTask DisposeAsync();

    /// <summary>Opens a connection and runs <paramref name="work"/>, translating the dialect's errors.</summary>
    private protected abstract Task<TResult> RunOnConnectionAsync<TResult>(Func<DbConnection, Task<TResult>> work, CancellationToken cancellationToken);

    /// <summary>Runs the dialect's DDL; safe when several silos run it at once.</summary>
    private protected abstract Task CreateTablesAsync(CancellationToken cancellationToken);

    private protected abstract Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken);

    /// <summary>The error for a table that is missing while the store may not create it.</summary>
    private protected StoreException MissingTable(string table, Exception? inner)
    {
        var message = $"Store: the table '{table}' does not exist in {Description}; run 'bigdl db init' (StoreSchema.EnsureCreatedAsync) against it, or set InitializeSchema to true.";
        return inner is null ? new StoreException(message) : new StoreException(message, inner);
    }

    async Task InitializeSchemaAsync(CancellationToken cancellationToken)
    {
        if (createSchema)
        {
            await CreateTablesAsync(cancellationToken);
            return;
        }

        await RunOnConnectionAsync(async connection =>
        {
            foreach (var table in new[] { StoreTables.SiloVersions, StoreTables.Silos, StoreTables.Reminders, StoreTables.GrainStates })
            {
                if (!await TableExistsAsync(connection, table, cancellationToken))
                {
                    throw MissingTable(table, null);
                }
            }

            return true;
        }, cancellationToken);
    }
}
