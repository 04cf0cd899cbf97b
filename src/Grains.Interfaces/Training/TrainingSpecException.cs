namespace BigDL.Grains;

/// <summary>A training job spec rejected before any training starts; <see cref="Option"/> names the option at fault.</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.TrainingSpecException")]
public sealed class TrainingSpecException : ArgumentException
{
    /// <summary>Creates the exception for an option.</summary>
    public TrainingSpecException(string option, string message, Exception? innerException = null)
        : base($"{option} {message}", innerException)
    {
        Option = option;
    }

    /// <summary>Creates the exception.</summary>
    public TrainingSpecException()
        : this("spec", "is invalid")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrainingSpecException(string message)
        : this("spec", message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public TrainingSpecException(string message, Exception innerException)
        : this("spec", message, innerException)
    {
    }

    /// <summary>Gets the name of the offending option (e.g. <c>GlobalBatchSize</c>).</summary>
    [Id(0)]
    public string Option { get; } = "spec";
}
