namespace BigDL.Silo.Commands.Cli;

/// <summary>A failure the user can fix, reported as one line (the message says what to fix) with <see cref="ExitCode"/>.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.Failed)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public CliException()
        : this("the command failed")
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.Failed;
    }

    /// <summary>Gets the process exit code to return.</summary>
    public int ExitCode { get; }
}
