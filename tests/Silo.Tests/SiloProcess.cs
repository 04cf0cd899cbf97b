using System.Collections.Concurrent;
using System.Diagnostics;

namespace BigDL.Silo.Tests;

/// <summary>A real <c>bigdl</c> process, started from the build output next to the tests, with its output captured.</summary>
public sealed class SiloProcess : IDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> lines = new();

    SiloProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output => string.Join('\n', lines);

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public static SiloProcess Start(string workingDirectory, params string[] args) => Start(workingDirectory, new Dictionary<string, string>(), args);

    public static SiloProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartIn(networkNamespace: null, workingDirectory, environment, args);

    /// <summary>Starts <c>bigdl</c> in the network namespace <paramref name="networkNamespace"/> (<c>ip netns exec</c>, as root), or in this one when null.</summary>
    public static SiloProcess StartIn(string? networkNamespace, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "bigdl.dll");
        var psi = new ProcessStartInfo(networkNamespace is null ? "dotnet" : "ip") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        if (networkNamespace is not null)
        {
            // 'ip netns exec' execs the command in place, with this environment: the process id stays dotnet's.
            foreach (var arg in (string[])["netns", "exec", networkNamespace, "dotnet"])
            {
                psi.ArgumentList.Add(arg);
            }
        }

        psi.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            psi.Environment[name] = value;
        }
        return new SiloProcess(Process.Start(psi)!); // Start returns null only when reusing a shell-executed process
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"'{text}' did not appear (exited: {process.HasExited}). Output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Gets the OS process id.</summary>
    public int Id => process.Id;

    /// <summary>Returns the text after the first output line starting with <paramref name="prefix"/>, waiting for it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
            {
                return line[prefix.Length..].Trim();
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"no line starting '{prefix}' appeared (exited: {process.HasExited}). Output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Sends SIGKILL: the process dies at once, with no chance to leave the cluster or save anything.</summary>
    public void KillHard()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true); // SIGKILL on Unix
            process.WaitForExit();
        }
    }

    /// <summary>Sends SIGINT, what Ctrl+C sends.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    void Add(string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
