using System.Diagnostics;
using System.Text;

namespace BigDL.Silo.Tests.Cli;

/// <summary>What one run of the real <c>bigdl</c> executable printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Everything it printed, for failure messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>Runs <c>bigdl</c> commands (the build output next to the tests) to their end, stdout redirected as a script would.</summary>
public static class Bigdl
{
    /// <summary>How long one command may take on a loaded 2-core machine (a watch runs a whole experiment).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static async Task<CliResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bigdl.dll"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";

        // The test's own environment must not leak a gateway or key into cases that test their absence.
        psi.Environment.Remove("BIGDL_GATEWAY");
        psi.Environment.Remove("BIGDL_API_KEY");
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }

        using var process = Process.Start(psi)!;
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"bigdl {string.Join(' ', args)} did not end within {Timeout}:\n{Text(output)}\n{Text(error)}");
        }

        process.WaitForExit(); // drains the output readers
        return new CliResult(process.ExitCode, Text(output), Text(error));
    }

    static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }

    static string Text(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
