using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BigDL.Orleans.Client;
using BigDL.Orleans.Runtime.Tests.Grains;
using BigDL.Orleans.Runtime.Tests.Transport;
using BigDL.Orleans.Transport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BigDL.Orleans.Runtime.Tests.Cluster;

/// <summary>A running silo's silo port and gateway pelted with garbage, mutated grain calls and calls to nothing, while others use it.</summary>
public sealed class SiloFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    const int Seed = 20261122;
    const string Secret = "silo-fuzz-cluster-secret-0123456789";
    const string ApiKey = "silo-fuzz-api-key-0123456789abcdef";
    readonly string folder = Path.Combine(Path.GetTempPath(), "bigdl-fuzz-" + Guid.NewGuid().ToString("N"));
    readonly List<TestSilo> silos = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        for (var i = 0; i < 2; i++)
        {
            silos.Add(await TestSilo.StartAsync(o =>
            {
                o.Storage = $"Data Source={Path.Combine(folder, "cluster.db")}";
                o.Port = 0;
                o.GatewayPort = 0;
                o.ClusterSecret = Secret;
                o.ApiKey = ApiKey;
            }));
        }

        await Eventually.TrueAsync(() => silos.All(s => Cluster(s).Router.Ring.Silos.Count == 2), "two silos that see each other");
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in silos)
        {
            await silo.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_silo_pelted_with_random_mutated_and_unknown_frames_keeps_serving_correct_answers()
    {
        var target = Cluster(silos[1]);
        var siloPort = new IPEndPoint(IPAddress.Loopback, target.Self.Port);
        var gatewayPort = new IPEndPoint(IPAddress.Loopback, target.GatewayPort);
        var runtime = silos[1].Services.GetRequiredService<GrainRuntime>();
        var echo = runtime.Types.GetMethod(typeof(IWhereGrain).GetMethod(nameof(IWhereGrain.Echo))!);
        var grainType = runtime.Types.ResolveGrainType(typeof(IWhereGrain), null);
        await using var client = await BigDLClient.ConnectAsync($"127.0.0.1:{target.GatewayPort}", ApiKey);
        var random = new Random(Seed);

        byte[] EchoCall(long correlation, float[] data, string? interfaceKey = null, string? methodKey = null, string? type = null)
        {
            var body = new ArrayBufferWriter<byte>();
            runtime.Serializer.SerializeArguments([data], [typeof(float[])], body);
            return TransportHarness.Frame(new Message
            {
                Kind = MessageKind.Request, CorrelationId = correlation, Target = new GrainId(type ?? grainType, $"fuzz-{random.Next(50)}"),
                Interface = interfaceKey ?? echo.InterfaceKey, Method = methodKey ?? echo.MethodKey,
                DeadlineUnixMs = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds(), Body = body.WrittenMemory,
            });
        }

        byte[] Garbage(bool handshaken, bool asClient) => random.Next(7) switch
        {
            0 => TransportFuzzTests.RandomBytes(random),
            1 => TransportFuzzTests.Mutate(random, EchoCall(random.NextInt64(), RandomFloats(random))),
            2 => TransportFuzzTests.WrongLength(random, EchoCall(random.NextInt64(), RandomFloats(random))),
            3 => EchoCall(random.NextInt64(), RandomFloats(random), interfaceKey: "No.Such.IGrain,Nowhere"),
            4 => EchoCall(random.NextInt64(), RandomFloats(random), methodKey: "Echo(System.String)"),
            5 => EchoCall(random.NextInt64(), RandomFloats(random), type: "no-such-grain-type"),
            _ => handshaken && asClient
                ? TransportHarness.Frame(new Message // a client asking for a silo-only system call, with a garbage body
                {
                    Kind = MessageKind.SystemRequest, CorrelationId = random.NextInt64(), Interface = "directory", Method = "register",
                    Body = TransportFuzzTests.RandomBytes(random),
                })
                : TransportFuzzTests.RandomBytes(random),
        };

        var done = 0;
        var answered = 0;
        for (; done < 300; done++)
        {
            var asClient = random.Next(2) == 0;
            var handshaken = random.Next(4) != 0;
            var endPoint = asClient ? gatewayPort : siloPort;
            using var socket = handshaken
                ? await HandshakenAsync(endPoint, asClient ? new HandshakeCredentials($"fuzz-client-{done}", PeerRole.Client, Encoding.UTF8.GetBytes(ApiKey))
                                                           : new HandshakeCredentials($"fuzz-silo-{done}", PeerRole.Silo, Encoding.UTF8.GetBytes(Secret)))
                : await TransportHarness.RawConnectAsync(endPoint);
            try
            {
                await socket.SendAsync(Garbage(handshaken, asClient));
                if (handshaken && done % 10 == 0)
                {
                    // A well-formed call on a connection that also carried garbage is answered correctly, or the
                    // connection was dropped for the garbage: never a wrong answer.
                    var data = RandomFloats(random);
                    var correlation = random.NextInt64();
                    await socket.SendAsync(EchoCall(correlation, data));
                    if (await ReadResponseAsync(socket, correlation) is { } response && response.Status == ResponseStatus.Ok)
                    {
                        Assert.Equal(data, runtime.Serializer.Deserialize<float[]>(response.Body.Span));
                        answered++;
                    }
                }
            }
            catch (SocketException)
            {
                // The silo dropped the connection mid-send: the expected answer to much of this input.
            }

            socket.Close();
            if (done % 25 == 0)
            {
                await AssertServesAsync(client, random);
            }
        }

        output.WriteLine($"silo fuzz: {done} connections, {answered} well-formed calls answered on them (seed {Seed})");
        Assert.True(answered > 0, "no well-formed call sent after garbage was answered; the check above never ran");
        await AssertServesAsync(client, random);
        await AssertServesAsync(silos[0].Client, random); // and through the other silo, over the silo-to-silo connection
        await using var fresh = await BigDLClient.ConnectAsync($"127.0.0.1:{target.GatewayPort}", ApiKey);
        await AssertServesAsync(fresh, random);
    }

    static async Task AssertServesAsync(IClusterClient client, Random random)
    {
        var inputs = Enumerable.Range(0, 8).Select(_ => RandomFloats(random)).ToArray();
        var outputs = await Task.WhenAll(inputs.Select((d, i) => client.GetGrain<IWhereGrain>($"steady-{i}").Echo(d)));
        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(inputs[i], outputs[i]);
        }
    }

    static float[] RandomFloats(Random random) => Enumerable.Range(0, random.Next(0, 64)).Select(_ => (float)random.NextDouble()).ToArray();

    static async Task<Socket> HandshakenAsync(IPEndPoint endPoint, HandshakeCredentials credentials)
    {
        var socket = await TransportHarness.RawConnectAsync(endPoint);
        var stream = new NetworkStream(socket, ownsSocket: false);
        using var timeout = new CancellationTokenSource(TransportHarness.Patience);
        await Handshake.InitiateAsync(
            PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)),
            credentials, null, timeout.Token);
        return socket;
    }

    /// <summary>Reads frames until the response to <paramref name="correlation"/>; null when the silo closed the connection first.</summary>
    static async Task<Message?> ReadResponseAsync(Socket socket, long correlation)
    {
        var codec = new MessageCodec(TransportHarness.Options());
        var received = new List<byte>();
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TransportHarness.Patience);
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            }
            catch (SocketException)
            {
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            received.AddRange(buffer.AsSpan(0, read));
            var sequence = new ReadOnlySequence<byte>(received.ToArray());
            try
            {
                while (codec.TryRead(ref sequence, out var message))
                {
                    if (message!.CorrelationId == correlation)
                    {
                        return message;
                    }
                }
            }
            catch (ProtocolException)
            {
                return null;
            }

            received = [.. sequence.ToArray()];
        }
    }

    static BigDL.Orleans.Cluster.SiloCluster Cluster(TestSilo silo) =>
        silo.Services.GetRequiredService<BigDL.Orleans.Cluster.ClusterMembership>().Cluster!;
}
