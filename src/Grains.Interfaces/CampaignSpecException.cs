namespace BigDL.Grains;

/// <summary>A campaign spec rejected at submission; <see cref="Field"/> names the field at fault (e.g. <c>cron</c>, <c>experiment.budget.trials</c>).</summary>
[GenerateSerializer]
[Alias("BigDL.Grains.CampaignSpecException")]
public sealed class CampaignSpecException : ArgumentException
{
    /// <summary>Creates the exception for a field.</summary>
    public CampaignSpecException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
    }

    /// <summary>Creates the exception.</summary>
    public CampaignSpecException()
        : this("$", "invalid campaign spec")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CampaignSpecException(string message)
        : this("$", message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public CampaignSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = "$";
    }

    /// <summary>Gets the path of the offending field.</summary>
    [Id(0)]
    public string Field { get; } = "$";
}
