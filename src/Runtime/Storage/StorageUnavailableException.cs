namespace BigDL.Orleans.Storage;

/// <summary>Thrown when a storage provider cannot reach or open its database; the message names the server or file, never a password.</summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException() : this("The storage database cannot be reached.")
    {
    }

    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
