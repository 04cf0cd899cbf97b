namespace BigDL.Storage;

/// <summary>Thrown when a store cannot be used: a store string that names no database, a server that cannot be reached, a missing folder or table.</summary>
/// <remarks>The message is one line that names the setting and the database, never a password, so a host can print it as it is.</remarks>
public sealed class StoreException : Exception
{
    public StoreException() : this("The store cannot be used.")
    {
    }

    public StoreException(string message) : base(message)
    {
    }

    public StoreException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
