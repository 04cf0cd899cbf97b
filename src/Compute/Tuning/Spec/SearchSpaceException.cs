namespace BigDL.Orleans.Compute.Tuning.Spec;

/// <summary>An invalid search-space spec; <see cref="Path"/> names the field at fault (e.g. <c>parameters[2].low</c>).</summary>
public sealed class SearchSpaceException : Exception
{
    /// <summary>Creates the exception for a field.</summary>
    public SearchSpaceException(string path, string message)
        : base($"{path}: {message}")
    {
        Path = path;
    }

    /// <summary>Creates the exception.</summary>
    public SearchSpaceException()
        : this("$", "invalid search space")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SearchSpaceException(string message)
        : this("$", message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SearchSpaceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "$";
    }

    /// <summary>The JSON path of the offending field.</summary>
    public string Path { get; } = "$";
}
