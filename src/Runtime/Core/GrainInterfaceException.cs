namespace BigDL.Orleans.Runtime;

/// <summary>Thrown when a grain interface or grain class cannot be used by the runtime, saying what to change.</summary>
public sealed class GrainInterfaceException : Exception
{
    public GrainInterfaceException() : this("The grain interface is not valid.")
    {
    }

    public GrainInterfaceException(string message) : base(message)
    {
    }

    public GrainInterfaceException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
