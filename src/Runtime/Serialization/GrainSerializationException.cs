using System.Runtime.Serialization;

namespace BigDL.Orleans.Serialization;

/// <summary>A value could not be copied, serialized or deserialized; the message names the type and the remedy.</summary>
public class GrainSerializationException : SerializationException
{
    /// <summary>Creates the exception with a message that says what failed and what to do.</summary>
    public GrainSerializationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public GrainSerializationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
