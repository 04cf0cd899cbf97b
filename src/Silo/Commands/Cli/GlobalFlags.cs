using System.CommandLine;

namespace BigDL.Silo.Commands.Cli;

/// <summary>The options every <c>bigdl</c> command takes.</summary>
internal static class GlobalFlags
{
    /// <summary>Shows the stack trace of a failure beside its one-line message.</summary>
    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show the stack trace of a failure (by default a failure is one line).",
        Recursive = true,
    };
}
