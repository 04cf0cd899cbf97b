namespace BigDL.Silo.Commands.Cli;

/// <summary>The exit codes of every <c>bigdl</c> command, following common CLI habits.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command failed: bad input (a spec, a CSV), an unreachable gateway, a refused key, an unknown name.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong: an unknown option, a missing argument or setting.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
