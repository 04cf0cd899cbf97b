using System.CommandLine;

namespace BigDL.Silo.Commands.Cli;

/// <summary>Runs a command's body and turns any failure into one line on stderr and a non-zero exit code.</summary>
internal static class CliAction
{
    /// <summary>Sets <paramref name="body"/> as the action of <paramref name="command"/>.</summary>
    public static void Set(Command command, Func<ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction((result, cancellationToken) => RunAsync(result, body, cancellationToken));

    static async Task<int> RunAsync(ParseResult result, Func<ParseResult, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var name = "bigdl " + string.Join(' ', Path(result.CommandResult.Command).Skip(1));
        try
        {
            return await body(result, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            // One line that says what to fix; the stack trace only when asked, since it means nothing to most users.
            var message = e is CliException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException
                or TimeoutException or FormatException or SiloUnavailableException or Compute.Data.DatasetException or InvalidDataException
                ? e.Message
                : $"{e.GetType().Name}: {e.Message}";
            await Console.Error.WriteLineAsync($"{name}: {FirstLine(message)}");
            if (result.GetValue(GlobalFlags.Verbose))
            {
                await Console.Error.WriteLineAsync(e.ToString());
            }

            return e is CliException cli ? cli.ExitCode : ExitCodes.Failed;
        }
    }

    static Stack<string> Path(Command command)
    {
        var names = new Stack<string>();
        for (Symbol? s = command; s is not null; s = s.Parents.FirstOrDefault())
        {
            names.Push(s.Name);
        }

        return names;
    }

    static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
