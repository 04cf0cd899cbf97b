namespace BigDL.Compute.Data;

/// <summary>Bad input data or a bad data option, named in the message (file, line, column, value or option).</summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatasetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public DatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
