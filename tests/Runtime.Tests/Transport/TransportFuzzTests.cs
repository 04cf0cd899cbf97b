using Xunit.Abstractions;
using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using BigDL.Orleans.Transport;
using static BigDL.Orleans.Runtime.Tests.Transport.TransportHarness;

namespace BigDL.Orleans.Runtime.Tests.Transport;

public sealed class TransportFuzzTests(ITestOutputHelper output)
{
    const int Seed = 20261122;

    [Fact]
    public async Task A_listener_pelted_with_random_and_mutated_frames_stays_up_and_answers_correctly()
    {
        const int iterations = 2000;
        var budget = TimeSpan.FromSeconds(20);
        var log = new ListLogger();
        // No pending-handshake cap here (it has its own test): on a loaded machine the listener may lag behind the
        // fuzzer, and a fuzz connection refused for that would fail the test for the wrong reason.
        await using var listener = Listen(options: Options(o => (o.HandshakeTimeout, o.MaxPendingHandshakes) = (TimeSpan.FromSeconds(5), 100_000)), logger: log);
        await using var steady = await EchoClient.ConnectAsync(listener.LocalEndPoint);
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        var done = 0;

        for (; done < iterations && clock.Elapsed < budget; done++)
        {
            var afterHandshake = random.Next(3) != 0;
            using var socket = afterHandshake ? await RawHandshakenAsync(listener.LocalEndPoint, "fuzz") : await RawConnectAsync(listener.LocalEndPoint);
            var bytes = random.Next(4) switch
            {
                0 => RandomBytes(random),
                1 => Mutate(random, afterHandshake ? ValidFrame(random) : ValidHello()),
                2 => [.. ValidFrame(random), .. Mutate(random, ValidFrame(random))],
                _ => WrongLength(random, afterHandshake ? ValidFrame(random) : ValidHello()),
            };
            try
            {
                await socket.SendAsync(bytes);
            }
            catch (SocketException)
            {
                // The listener already dropped us mid-send: the expected outcome for much of this input.
            }

            socket.Close(); // a hang-up mid-frame or mid-handshake must be dropped at once, not wait for a timeout

            if (done % 100 == 0)
            {
                await AssertEchoes(steady, random);
            }
        }

        output.WriteLine($"fuzz: {done} connections in {clock.Elapsed.TotalSeconds:0.0} s (seed {Seed})");
        Assert.True(done >= 100, $"only {done} iterations ran in {budget}"); // a listener that stalls on bad input shows here
        await AssertEchoes(steady, random);
        await using var fresh = await EchoClient.ConnectAsync(listener.LocalEndPoint);
        await AssertEchoes(fresh, random);
        Assert.True(
            await WaitUntil(() => listener.PendingHandshakes == 0 && listener.Connections.Count == 2),
            $"{listener.PendingHandshakes} handshakes pending and {listener.Connections.Count} connections open; expected 0 and 2 (the steady and fresh clients)");
        Assert.DoesNotContain(log.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [Fact]
    public void The_codec_meets_random_and_mutated_frames_with_a_protocol_error_or_a_valid_message_and_nothing_else()
    {
        var options = Options(o => o.MaxFrameBytes = TransportOptions.MinimumMaxFrameBytes);
        var random = new Random(Seed);
        var parsed = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var codec = new MessageCodec(options);
            var bytes = (i % 3) switch
            {
                0 => RandomBytes(random),
                1 => Mutate(random, ValidFrame(random)),
                _ => WrongLength(random, ValidFrame(random)),
            };

            // Split across two segments at a random point, as bytes arrive from a socket.
            var buffer = Split(bytes, random.Next(bytes.Length + 1));
            try
            {
                while (codec.TryRead(ref buffer, out var message))
                {
                    Assert.NotNull(message);
                    Assert.True(Enum.IsDefined(message.Kind));
                    Assert.InRange(message.CallChain.Count, 0, options.MaxCallChainLength);
                    parsed++;
                }
            }
            catch (ProtocolException)
            {
                // The one allowed failure.
            }
        }

        Assert.InRange(parsed, 1, int.MaxValue); // mutations that keep a frame valid must still parse
    }

    static async Task AssertEchoes(EchoClient client, Random random)
    {
        var bodies = Enumerable.Range(0, 16).Select(_ => RandomBytes(random)).ToArray();
        var responses = await Task.WhenAll(bodies.Select(b => client.CallAsync(b)));
        for (var i = 0; i < bodies.Length; i++)
        {
            Assert.Equal(bodies[i], responses[i].Body.ToArray());
        }
    }

    internal static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(random.Next(2) == 0 ? 16 : 600)];
        random.NextBytes(bytes);
        return bytes;
    }

    static byte[] ValidFrame(Random random) => Frame(new Message
    {
        Kind = (MessageKind)random.Next(1, 9),
        CorrelationId = random.NextInt64(),
        Target = new GrainId("echo", random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Interface = "IEcho",
        Method = "Echo",
        CallChain = random.Next(2) == 0 ? [] : [new GrainId("a", "b")],
        Body = RandomBytes(random),
    });

    static byte[] ValidHello()
    {
        byte[] hello = [.. "BDLH"u8, 1, (byte)PeerRole.Silo, .. new byte[32], 4, 0, .. "fuzz"u8];
        var frame = new byte[4 + hello.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, hello.Length);
        hello.CopyTo(frame, 4);
        return frame;
    }

    internal static byte[] Mutate(Random random, byte[] frame)
    {
        var bytes = (byte[])frame.Clone();
        switch (random.Next(3))
        {
            case 0: // bit flips
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 1: // truncated
                return bytes[..random.Next(bytes.Length)];
            default: // a header byte set to an extreme
                bytes[random.Next(Math.Min(bytes.Length, 64))] = random.Next(2) == 0 ? (byte)0 : (byte)0xFF;
                return bytes;
        }
    }

    internal static byte[] WrongLength(Random random, byte[] frame)
    {
        var bytes = (byte[])frame.Clone();
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var wrong = random.Next(4) switch
        {
            0 => length + random.Next(1, 100),
            1 => Math.Max(0, length - random.Next(1, 100)),
            2 => random.Next(),
            _ => -random.Next(1, int.MaxValue),
        };
        BinaryPrimitives.WriteInt32LittleEndian(bytes, wrong);
        return bytes;
    }

    static ReadOnlySequence<byte> Split(byte[] bytes, int at)
    {
        if (at == 0 || at == bytes.Length)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new Segment(bytes.AsMemory(0, at), 0);
        var second = first.Append(bytes.AsMemory(at));
        return new ReadOnlySequence<byte>(first, 0, second, second.Memory.Length);
    }

    sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
