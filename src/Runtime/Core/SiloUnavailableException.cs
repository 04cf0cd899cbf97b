namespace BigDL.Orleans.Runtime;

/// <summary>Thrown when the silo a call went to died or cannot be reached; retrying activates the grain on a live silo.</summary>
public sealed class SiloUnavailableException : Exception
{
    public SiloUnavailableException() : this("The target silo is unavailable.")
    {
    }

    public SiloUnavailableException(string message) : base(message)
    {
    }

    public SiloUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
