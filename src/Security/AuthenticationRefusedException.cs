namespace BigDL.Security;

/// <summary>
/// A connection that failed because the two ends hold different credentials — the gateway refused a client's API key, or
/// the running silos refused a starting silo's cluster secret. A setting differs, so retrying cannot help; the message
/// names the peers and the setting, never a key.
/// </summary>
public sealed class AuthenticationRefusedException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public AuthenticationRefusedException()
        : base("The peer refused this side's credentials.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public AuthenticationRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and the failure that showed the refusal.</summary>
    public AuthenticationRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
