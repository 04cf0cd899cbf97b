using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BigDL.Bench;

/// <summary>redis-server + redis-benchmark ping on a free loopback port: the round-trip figures the cluster suite compares with.</summary>
internal sealed class RedisPeer
{
    /// <summary>redis-benchmark's clients, as many as the cluster suite's callers.</summary>
    public const int Callers = 50;

    public double? ManyRps { get; private init; }

    public double? OneP50Us { get; private init; }

    public static RedisPeer? Run(BenchReport report)
    {
        if (!File.Exists("/usr/bin/redis-server") || !File.Exists("/usr/bin/redis-benchmark"))
        {
            report.Note("no peer: redis-server/redis-benchmark not installed (apt-get install -y redis-server redis-tools)");
            return null;
        }

        var port = Grains.FreePort.Next();
        using var server = Process.Start(new ProcessStartInfo("/usr/bin/redis-server", $"--port {port} --bind 127.0.0.1 --save '' --appendonly no")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        });
        if (server is null)
        {
            report.Note("no peer: redis-server did not start");
            return null;
        }

        try
        {
            server.StandardOutput.ReadLineAsync(); // drained only so a full pipe never blocks it
            if (!WaitForPort(port))
            {
                report.Note("no peer: redis-server did not open its port");
                return null;
            }

            var many = Ping(port, Callers);
            var one = Ping(port, 1);
            return new RedisPeer { ManyRps = many.Rps, OneP50Us = one.P50Us };
        }
        finally
        {
            server.Kill();
            server.WaitForExit(5000);
        }
    }

    static (double? Rps, double? P50Us) Ping(int port, int clients)
    {
        var psi = new ProcessStartInfo("/usr/bin/redis-benchmark", $"-p {port} -t ping -n 200000 -c {clients} --csv --precision 3")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi)!; // Start returns null only for UseShellExecute reuse
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",... one row each for PING_INLINE and PING_MBULK:
        // the better of the two is Redis at its best.
        double? rps = null;
        double? p50 = null;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1))
        {
            var cells = line.Split(',').Select(c => c.Trim('"')).ToArray();
            if (cells.Length >= 5 &&
                double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var r) &&
                double.TryParse(cells[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
            {
                rps = Math.Max(rps ?? 0, r);
                p50 = Math.Min(p50 ?? double.MaxValue, ms * 1000);
            }
        }

        return (rps, p50);
    }

    static bool WaitForPort(int port)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        return false;
    }
}
