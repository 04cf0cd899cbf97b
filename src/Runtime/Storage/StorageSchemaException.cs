namespace BigDL.Orleans.Storage;

/// <summary>Thrown when a table a storage provider needs does not exist in its database.</summary>
public sealed class StorageSchemaException : Exception
{
    public StorageSchemaException() : this("A storage table is missing.")
    {
    }

    public StorageSchemaException(string message) : base(message)
    {
    }

    public StorageSchemaException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception naming the table, the database (never its password) and the fix.</summary>
    public StorageSchemaException(string table, string database, string schemaSource, Exception? innerException) : base(
        $"The table '{table}' does not exist in {database}. Apply the schema SQL in {schemaSource} to that database, or set " +
        "InitializeSchema = true in the storage options so that silos create it at startup (if it is already true, the table " +
        "was dropped while the silo ran: restarting the silo creates it again).", innerException)
    {
        Table = table;
        Database = database;
    }

    /// <summary>Gets the missing table's name.</summary>
    public string? Table { get; }

    /// <summary>Gets a description of the database, safe to log.</summary>
    public string? Database { get; }
}
