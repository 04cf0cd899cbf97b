using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BigDL.Bench;

/// <summary>Runs a peer script from ../shared/peers and reads the figures it prints.</summary>
public static partial class Peer
{
    /// <summary>Finds ../shared/peers/<paramref name="script"/> from the repository root or the working folder.</summary>
    public static string? FindScript(string script)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "peers", script);
            if (File.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    /// <summary>
    /// Runs <c>/usr/bin/python3 script args</c> and returns its standard output lines,
    /// or null with <paramref name="why"/> set when the peer could not run (missing script or packages).
    /// </summary>
    public static IReadOnlyList<string>? RunPython(string script, string arguments, TimeSpan timeout, out string why, IDictionary<string, string>? environment = null)
    {
        var path = FindScript(script);
        if (path is null)
        {
            why = $"peer script {script} not found under ../shared/peers";
            return null;
        }

        var psi = new ProcessStartInfo("/usr/bin/python3", $"\"{path}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        try
        {
            using var process = Process.Start(psi)!; // Start returns null only for UseShellExecute reuse, which we do not use.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                why = $"peer {script} ran past {timeout.TotalSeconds:0} s";
                return null;
            }

            if (process.ExitCode != 0)
            {
                why = $"peer {script} exited {process.ExitCode}: {Tail(stderr.Result)} (install the peers: see ../shared/peers/README.md)";
                return null;
            }

            why = "";
            return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            why = $"cannot start /usr/bin/python3: {e.Message}";
            return null;
        }
    }

    /// <summary>Reads <c>key=value</c> from a peer's line, e.g. <c>gflops</c> from <c>peer openblas sgemm ... gflops=190.2</c>.</summary>
    public static double? Metric(string line, string key)
    {
        var m = Regex.Match(line, $@"(?:^|\s){Regex.Escape(key)}=([-+0-9.eE]+)");
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    static string Tail(string text) => text.Length <= 300 ? text.Trim() : text[^300..].Trim();
}
