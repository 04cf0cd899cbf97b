namespace BigDL.Compute.Tuning.Spec;

/// <summary>An invalid experiment spec (search space, sampler or pruner); <see cref="Path"/> names the field at fault (e.g. <c>parameters[2].low</c>).</summary>
public sealed class SpecException : Exception
{
    /// <summary>Creates the exception for a field.</summary>
    public SpecException(string path, string message)
        : base($"{path}: {message}")
    {
        Path = path;
    }

    /// <summary>Creates the exception.</summary>
    public SpecException()
        : this("$", "invalid search space")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SpecException(string message)
        : this("$", message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SpecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = "$";
    }

    /// <summary>The JSON path of the offending field.</summary>
    public string Path { get; } = "$";
}
