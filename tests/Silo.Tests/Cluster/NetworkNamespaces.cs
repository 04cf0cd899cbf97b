using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace BigDL.Silo.Tests.Cluster;

/// <summary>
/// Linux network namespaces standing in for separate hosts: each joined by a veth pair to a bridge in this namespace,
/// all on one private 10.200.x.0/24 subnet (the bridge is .1, namespace i is .(i + 2)), so the namespaces reach one another
/// and this process reaches them, and no traffic leaves this machine. Disposing removes the namespaces, links and bridge.
/// </summary>
public sealed class NetworkNamespaces : IDisposable
{
    readonly string prefix;
    readonly List<string> namespaces = [];
    bool bridgeCreated;

    NetworkNamespaces(string prefix, int subnet)
    {
        this.prefix = prefix;
        Subnet = subnet;
    }

    /// <summary>Gets x of the 10.200.x.0/24 subnet.</summary>
    public int Subnet { get; }

    /// <summary>Gets the bridge's address: how the namespaces reach this one.</summary>
    public IPAddress Host => Address(1);

    /// <summary>Gets the names of the namespaces, in order.</summary>
    public IReadOnlyList<string> Names => namespaces;

    /// <summary>Why the test cannot run here (not root, no <c>ip</c>), or null when it can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces are Linux only";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "creating network namespaces needs root (CI runs the tests as root)";
        }

        return IpTool() is null ? "the 'ip' tool (iproute2) is not installed" : null;
    }

    /// <summary>Creates <paramref name="count"/> namespaces on a subnet no interface of this machine uses yet.</summary>
    public static NetworkNamespaces Create(int count)
    {
        var used = Ip("-4", "-o", "addr", "show");
        var subnet = Enumerable.Range(0, 200).Select(i => 20 + ((Environment.ProcessId + i) % 200))
            .First(x => !used.Contains($"10.200.{x}.", StringComparison.Ordinal));
        var network = new NetworkNamespaces($"bdl{Environment.ProcessId % 100000}", subnet);
        try
        {
            network.Build(count);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Gets the address of namespace <paramref name="index"/>.</summary>
    public IPAddress AddressOf(int index) => Address(index + 2);

    public void Dispose()
    {
        // Deleting a namespace ends its veth pair (both ends); processes still in it keep it alive, so they are killed first.
        foreach (var name in namespaces)
        {
            foreach (var pid in TryIp("netns", "pids", name).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                try
                {
                    using var process = Process.GetProcessById(int.Parse(pid, CultureInfo.InvariantCulture));
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
                {
                    // Gone already.
                }
            }

            TryIp("netns", "del", name);
        }

        namespaces.Clear();
        if (bridgeCreated)
        {
            TryIp("link", "del", Bridge);
            bridgeCreated = false;
        }
    }

    string Bridge => $"{prefix}br";

    IPAddress Address(int host) => IPAddress.Parse($"10.200.{Subnet}.{host}");

    void Build(int count)
    {
        Ip("link", "add", Bridge, "type", "bridge");
        bridgeCreated = true;
        Ip("addr", "add", $"{Host}/24", "dev", Bridge);
        Ip("link", "set", Bridge, "up");
        for (var i = 0; i < count; i++)
        {
            var name = $"{prefix}n{i}";
            Ip("netns", "add", name);
            namespaces.Add(name);
            var (outside, inside) = ($"{prefix}h{i}", $"{prefix}v{i}");
            Ip("link", "add", outside, "type", "veth", "peer", "name", inside);
            Ip("link", "set", inside, "netns", name);
            Ip("link", "set", outside, "master", Bridge);
            Ip("link", "set", outside, "up");
            Ip("-n", name, "link", "set", "lo", "up"); // the silo's dashboard and its own loopback calls
            Ip("-n", name, "addr", "add", $"{AddressOf(i)}/24", "dev", inside);
            Ip("-n", name, "link", "set", inside, "up");
        }
    }

    static string? IpTool() =>
        new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.FirstOrDefault(File.Exists)
        ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, "ip")).FirstOrDefault(File.Exists);

    static string Ip(params string[] args)
    {
        var (exitCode, output) = Run(args);
        return exitCode == 0 ? output : throw new InvalidOperationException($"ip {string.Join(' ', args)} failed ({exitCode}): {output}");
    }

    static string TryIp(params string[] args) => Run(args).Output;

    static (int ExitCode, string Output) Run(string[] args)
    {
        var psi = new ProcessStartInfo(IpTool() ?? "ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        using var process = Process.Start(psi)!; // null only when reusing a shell-executed process
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }
}

/// <summary>
/// Forwards TCP connections from an address the namespaces reach to a server that listens on loopback only (the test
/// PostgreSQL): a stand-in for a database server on the network.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    readonly TcpListener listener;
    readonly IPEndPoint target;
    readonly CancellationTokenSource stop = new();
    readonly Task accepting;

    TcpForwarder(IPAddress address, IPEndPoint target)
    {
        this.target = target;
        listener = new TcpListener(address, 0);
        listener.Start();
        accepting = AcceptAsync();
    }

    /// <summary>Gets the address and port to connect to.</summary>
    public IPEndPoint Endpoint => (IPEndPoint)listener.LocalEndpoint;

    /// <summary>Listens on <paramref name="address"/> (a free port) and forwards every connection to <paramref name="target"/>.</summary>
    public static TcpForwarder Start(IPAddress address, IPEndPoint target) => new(address, target);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stop.Dispose();
    }

    async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var inbound = await listener.AcceptTcpClientAsync(stop.Token);
            _ = PumpAsync(inbound);
        }
    }

    async Task PumpAsync(TcpClient inbound)
    {
        using (inbound)
        using (var outbound = new TcpClient())
        {
            try
            {
                await outbound.ConnectAsync(target, stop.Token);
                using var done = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                var a = inbound.GetStream();
                var b = outbound.GetStream();

                // Either side closing ends both directions.
                await Task.WhenAny(a.CopyToAsync(b, done.Token), b.CopyToAsync(a, done.Token));
                await done.CancelAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A silo killed, or the forwarder stopped: the connection ends.
            }
        }
    }
}
