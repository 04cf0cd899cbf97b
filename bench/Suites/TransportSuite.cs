using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using BigDL.Orleans.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigDL.Orleans.Bench.Suites;

/// <summary>The transport's loopback figures: echo round trips (50 callers and 1), and a 4 MB payload's throughput; redis-benchmark as the peer.</summary>
/// <remarks>
/// Every case runs twice over a real loopback TCP connection (handshake, framing, batching, pipes): first with both ends
/// in this process, then (<c>xproc-</c>) against a child process of this bench serving echo. These are transport round
/// trips; cross-process grain-call figures come once the runtime routes calls over the transport.
/// </remarks>
public sealed class TransportSuite : IBenchSuite
{
    const int Callers = 50;
    const int PayloadBytes = 4 << 20;
    static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    static readonly TimeSpan Measure = TimeSpan.FromSeconds(5);

    public string Name => "transport";

    public string Description => "loopback echo msgs/s with 50 callers, 1-caller p50, 4 MB payload GB/s, in one process and across two (xproc-); peer: redis-benchmark ping";

    public async Task RunAsync(BenchReport report, CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } childSecret)
        {
            await ServeAsync(Convert.FromBase64String(childSecret), cancellationToken);
            return;
        }

        var secret = RandomNumberGenerator.GetBytes(32);
        var redis = RedisPeer.Run(report);
        await using (var listener = new ConnectionListener(Options(), new HandshakeCredentials("server", PeerRole.Silo, secret), Echo, NullLogger.Instance))
        {
            await RunCasesAsync(report, "", listener.LocalEndPoint, secret, redis, cancellationToken);
        }

        using var child = StartServerProcess(secret, out var endPoint);
        if (child is null)
        {
            report.Note("no cross-process cases: the echo server process did not start");
            return;
        }

        try
        {
            await RunCasesAsync(report, "xproc-", endPoint, secret, redis, cancellationToken);
        }
        finally
        {
            child.StandardInput.Close(); // the server exits when its stdin closes
            if (!child.WaitForExit(5000))
            {
                child.Kill();
            }
        }
    }

    const string ServerVariable = "BIGDL_TRANSPORT_BENCH_SERVER_SECRET";

    static TransportOptions Options() => new() { ListenAddress = IPAddress.Loopback, ListenPort = 0 };

    static async Task RunCasesAsync(BenchReport report, string prefix, IPEndPoint endPoint, byte[] secret, RedisPeer? redis, CancellationToken cancellationToken)
    {
        var pending = new PendingRequests();
        await using var client = await Connection.ConnectAsync(
            endPoint,
            new HandshakeCredentials("client", PeerRole.Silo, secret),
            "server",
            (message, _) =>
            {
                pending.TryComplete(message);
                return ValueTask.CompletedTask;
            },
            Options(),
            NullLogger.Instance,
            cancellationToken);

        await EchoMany(report, prefix, client, pending, redis?.ManyRps, cancellationToken);
        await EchoOne(report, prefix, client, pending, redis?.OneP50Us, cancellationToken);
        await Payload(report, prefix, client, pending, cancellationToken);
    }

    /// <summary>Starts this bench as a child process that serves echo on a loopback port, for the cross-process cases.</summary>
    static Process? StartServerProcess(byte[] secret, out IPEndPoint endPoint)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        var host = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(TransportSuite).Assembly.Location;
        var psi = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            psi.ArgumentList.Add(dll);
        }

        psi.ArgumentList.Add("transport");
        psi.Environment[ServerVariable] = Convert.ToBase64String(secret); // the environment, not the command line: ps shows arguments
        var child = Process.Start(psi);
        while (child?.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("port=", StringComparison.Ordinal))
            {
                endPoint = new IPEndPoint(IPAddress.Loopback, int.Parse(line[5..], CultureInfo.InvariantCulture));
                return child;
            }
        }

        child?.Dispose();
        return null;
    }

    /// <summary>The child's side: serve echo until the parent closes stdin.</summary>
    static async Task ServeAsync(byte[] secret, CancellationToken cancellationToken)
    {
        await using var listener = new ConnectionListener(Options(), new HandshakeCredentials("server", PeerRole.Silo, secret), Echo, NullLogger.Instance);
        Console.Out.WriteLine($"port={listener.LocalEndPoint.Port}");
        Console.Out.Flush();
        await Console.In.ReadToEndAsync(cancellationToken);
    }

    static ValueTask Echo(Message message, Connection connection)
    {
        // "Sink" answers with an empty body, so the payload case measures one direction of 4 MB, as a call with a tensor argument does.
        if (message.Method == "Sink")
        {
            connection.TrySend(message.CreateResponse(ResponseStatus.Ok, ReadOnlyMemory<byte>.Empty));
            message.BodyOwner?.Dispose(); // done with the body: a runtime would have deserialized it by now
        }
        else
        {
            connection.TrySend(message.CreateResponse(ResponseStatus.Ok, message.Body));
        }

        return ValueTask.CompletedTask;
    }

    static Task<Message> Call(Connection connection, PendingRequests pending, ReadOnlyMemory<byte> body, string method = "Echo")
    {
        var (id, response) = pending.Register();
        connection.Send(new Message
        {
            Kind = MessageKind.Request,
            CorrelationId = id,
            Target = new GrainId("bench", "1"),
            Interface = "BigDL.Orleans.Bench.IEcho",
            Method = method,
            Body = body,
        });
        return response;
    }

    static async Task EchoMany(BenchReport report, string prefix, Connection connection, PendingRequests pending, double? peer, CancellationToken cancellationToken)
    {
        var body = new byte[16];
        _ = await RunCallers(connection, pending, body, Warmup, cancellationToken);
        var calls = await RunCallers(connection, pending, body, Measure, cancellationToken);
        report.Line($"{prefix}echo-{Callers}", [("msgs_per_s", calls / Measure.TotalSeconds)], peer);
        if (prefix.Length == 0)
        {
            report.Note($"{Callers} concurrent callers multiplexed on one connection, 16-byte bodies, {Measure.TotalSeconds:0} s; peer: redis-benchmark -t ping -c {Callers} (50 connections, no pipelining)");
        }
    }

    static async Task<long> RunCallers(Connection connection, PendingRequests pending, byte[] body, TimeSpan duration, CancellationToken cancellationToken)
    {
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var counts = new long[Callers];
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(caller => Task.Run(
            async () =>
            {
                long n = 0;
                while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < stopAt)
                {
                    await Call(connection, pending, body);
                    n++;
                }

                counts[caller] = n;
            },
            cancellationToken)));
        return counts.Sum();
    }

    static async Task EchoOne(BenchReport report, string prefix, Connection connection, PendingRequests pending, double? peer, CancellationToken cancellationToken)
    {
        var body = new byte[16];
        var stopWarmup = Stopwatch.GetTimestamp() + (long)(Warmup.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < stopWarmup && !cancellationToken.IsCancellationRequested)
        {
            await Call(connection, pending, body);
        }

        var samples = new List<long>(1 << 16);
        var stopAt = Stopwatch.GetTimestamp() + (long)(Measure.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < stopAt && !cancellationToken.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            await Call(connection, pending, body);
            samples.Add(Stopwatch.GetTimestamp() - start);
        }

        samples.Sort();
        double Percentile(double p) => samples.Count == 0 ? 0 : samples[(int)Math.Min(samples.Count - 1, p * samples.Count)] * 1e6 / Stopwatch.Frequency;
        report.Line(prefix + "echo-1", [("p50_us", Percentile(0.50)), ("p99_us", Percentile(0.99)), ("msgs_per_s", samples.Count / Measure.TotalSeconds)], peer);
        if (prefix.Length == 0)
        {
            report.Note("one caller, 16-byte bodies, send to awaited response; peer: redis-benchmark -t ping -c 1 (its p50)");
        }
    }

    static async Task Payload(BenchReport report, string prefix, Connection connection, PendingRequests pending, CancellationToken cancellationToken)
    {
        var floats = new float[PayloadBytes / sizeof(float)];
        for (var i = 0; i < floats.Length; i++)
        {
            floats[i] = i * 0.5f;
        }

        // BinarySerializer writes float[] as raw little-endian bytes: the body is the array's bytes plus a few header bytes.
        var body = new BigDL.Orleans.Serialization.BinarySerializer().SerializeToArray(floats);
        for (var i = 0; i < 10; i++)
        {
            await Call(connection, pending, body, "Sink");
        }

        var clock = Stopwatch.StartNew();
        var sent = 0L;
        while (clock.Elapsed < Measure && !cancellationToken.IsCancellationRequested)
        {
            await Call(connection, pending, body, "Sink");
            sent += body.Length;
        }

        clock.Stop();
        report.Line(prefix + "payload-4mb", [("gb_per_s", sent / clock.Elapsed.TotalSeconds / 1e9), ("calls_per_s", sent / body.Length / clock.Elapsed.TotalSeconds)]);
        if (prefix.Length == 0)
        {
            report.Note("one caller sends a 4 MB float[] (serialized as raw bytes) and awaits an empty reply, back to back");
        }
    }

    /// <summary>redis-server + redis-benchmark ping on a free loopback port: the round-trip figures to compare with.</summary>
    internal sealed class RedisPeer
    {
        public double? ManyRps { get; private init; }

        public double? OneP50Us { get; private init; }

        public static RedisPeer? Run(BenchReport report)
        {
            if (!File.Exists("/usr/bin/redis-server") || !File.Exists("/usr/bin/redis-benchmark"))
            {
                report.Note("no peer: redis-server/redis-benchmark not installed (apt-get install -y redis-server redis-tools)");
                return null;
            }

            var port = FreePort();
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

        static int FreePort()
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return ((IPEndPoint)probe.LocalEndPoint!).Port; // a bound IP socket has an IPEndPoint
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
}
