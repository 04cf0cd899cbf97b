using System.Globalization;
using System.Text;

namespace BigDL.Bench;

/// <summary>Prints figures in the one format every suite shares: <c>bench &lt;suite&gt; &lt;case&gt; k=v ...</c>.</summary>
public sealed class BenchReport(string suite, TextWriter output)
{
    /// <summary>Prints one line: our metrics, and where a peer ran in the same run, its figure and the ratio.</summary>
    /// <param name="caseName">The case, e.g. <c>local-calls</c> or <c>1024x1024x1024-t2</c>.</param>
    /// <param name="metrics">Our figures, in print order.</param>
    /// <param name="peer">The peer's figure for the first metric, or null when no peer ran.</param>
    /// <remarks>The ratio is always ours / peer, as the issues state their goals: ≥ 1 is better for throughput, ≤ 1 for latency.</remarks>
    public void Line(string caseName, IReadOnlyList<(string Name, double Value)> metrics, double? peer = null)
    {
        var line = new StringBuilder().Append("bench ").Append(suite).Append(' ').Append(caseName);
        foreach (var (name, value) in metrics)
        {
            line.Append(' ').Append(name).Append('=').Append(Format(value));
        }

        if (peer is { } p && metrics.Count > 0)
        {
            var ours = metrics[0].Value;
            var ratio = ours / p;
            line.Append(" peer_").Append(metrics[0].Name).Append('=').Append(Format(p))
                .Append(" ratio=").Append(ratio.ToString("0.00", CultureInfo.InvariantCulture));
        }

        output.WriteLine(line.ToString());
        output.Flush();
    }

    /// <summary>Prints a note that is not a figure (why a peer did not run, machine facts), prefixed with '#'.</summary>
    public void Note(string text)
    {
        output.WriteLine("# " + text);
        output.Flush();
    }

    static string Format(double value) =>
        Math.Abs(value) >= 100 || value == Math.Floor(value)
            ? Math.Round(value).ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.###", CultureInfo.InvariantCulture);
}
