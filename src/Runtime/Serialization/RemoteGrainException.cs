using System.Runtime.ExceptionServices;

namespace BigDL.Orleans.Serialization;

/// <summary>Stands in for an exception thrown in another process whose type cannot be recreated here.</summary>
/// <remarks>
/// It keeps the original type name, message and stack trace; the remote stack trace is also part of
/// <see cref="Exception.StackTrace"/> and <see cref="ToString"/>, so logs show where the failure happened.
/// </remarks>
public sealed class RemoteGrainException : Exception
{
    /// <summary>Creates the stand-in for a remote exception of type <paramref name="originalTypeName"/>.</summary>
    public RemoteGrainException(string originalTypeName, string message, string? remoteStackTrace, Exception? innerException)
        : base(message, innerException)
    {
        OriginalTypeName = originalTypeName;
        RemoteStackTrace = remoteStackTrace;
        if (!string.IsNullOrEmpty(remoteStackTrace))
        {
            ExceptionDispatchInfo.SetRemoteStackTrace(this, remoteStackTrace);
        }
    }

    /// <summary>Gets the full name of the exception type thrown on the remote side.</summary>
    public string OriginalTypeName { get; }

    /// <summary>Gets the stack trace recorded where the exception was thrown, or null when it was never thrown.</summary>
    public string? RemoteStackTrace { get; }

    /// <inheritdoc />
    public override string ToString() => $"{OriginalTypeName} (thrown remotely): {base.ToString()}";
}
