using Spectre.Console;

namespace BigDL.Silo.Commands.Cli;

/// <summary>Standard output as a Spectre console: live tables on a terminal, plain wide text when piped or redirected.</summary>
internal static class Terminal
{
    // Redirected output has no width; Spectre would wrap tables at 80 columns, which splits names a script greps for.
    const int RedirectedWidth = 200;

    static readonly Lazy<IAnsiConsole> Console = new(Create);

    /// <summary>Gets the console commands write to.</summary>
    public static IAnsiConsole Out => Console.Value;

    /// <summary>Gets whether stdout is a terminal that can redraw a live display in place.</summary>
    public static bool IsInteractive => !System.Console.IsOutputRedirected && Out.Profile.Capabilities.Interactive;

    static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out) });
        if (System.Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
