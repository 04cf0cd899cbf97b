namespace BigDL.Grains;

/// <summary>An experiment spec rejected at submission; <see cref="Field"/> names the field at fault (e.g. <c>searchSpace.parameters[1].low</c>).</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.ExperimentSpecException")]
public sealed class ExperimentSpecException : ArgumentException
{
    /// <summary>Creates the exception for a field.</summary>
    public ExperimentSpecException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
    }

    /// <summary>Creates the exception.</summary>
    public ExperimentSpecException()
        : this("$", "invalid experiment spec")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExperimentSpecException(string message)
        : this("$", message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ExperimentSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "$";
    }

    /// <summary>Gets the path of the offending field.</summary>
    [Id(0)]
    public string Field { get; } = "$";
}
