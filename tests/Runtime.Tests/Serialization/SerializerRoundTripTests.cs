using System.Buffers;
using System.Collections.Immutable;
using System.Numerics;
using System.Runtime.InteropServices;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime.Tests.Serialization;

public class SerializerRoundTripTests
{
    public static TheoryData<object> Scalars() =>
    [
        0, int.MinValue, int.MaxValue, long.MinValue, ulong.MaxValue, (byte)255, (sbyte)-128, (short)-3, (ushort)65535, 7u,
        3.5f, double.MaxValue, double.Epsilon, 'λ', true, false, 1.2345678901234567890123456789m, decimal.MinValue,
        new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Utc), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Local),
        new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(-5.5)), TimeSpan.FromTicks(-123456789),
        Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), new Uri("https://example.com/a?b=c"), new Uri("relative/path", UriKind.Relative),
        new Version(1, 2, 3, 4), BigInteger.Pow(3, 200), (Half)1.5f, Int128.MaxValue, (nint)(-42), Color.Green,
        new DateOnly(1999, 12, 31), new TimeOnly(23, 59, 58), new GrainId("experiment", "mnist"), "", "plain", "héllo ✓ 𝄞 日本語",
    ];

    [Theory]
    [MemberData(nameof(Scalars))]
    public void A_scalar_declared_as_its_own_type_round_trips(object value)
    {
        var serializer = RoundTrip.Serializer;
        var output = new ArrayBufferWriter<byte>();
        serializer.Serialize(value, value.GetType(), output);

        var result = serializer.Deserialize(output.WrittenSpan, value.GetType());

        Assert.Equal(value, result);
        Assert.Equal(value.GetType(), result!.GetType());
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void A_scalar_declared_as_object_round_trips_with_its_runtime_type(object value)
    {
        var result = RoundTrip.Of<object>(value);

        Assert.Equal(value, result);
        Assert.Equal(value.GetType(), result.GetType());
    }

    [Fact]
    public void Null_strings_and_null_objects_round_trip_as_null()
    {
        Assert.Null(RoundTrip.Of<string?>(null));
        Assert.Null(RoundTrip.Of<object?>(null));
        Assert.Null(RoundTrip.Of<int?>(null));
        Assert.Equal(5, RoundTrip.Of<int?>(5));
    }

    [Fact]
    public void A_long_unicode_string_round_trips()
    {
        var text = string.Concat(Enumerable.Repeat("αβγ-𝄞-", 20_000));

        Assert.Equal(text, RoundTrip.Of(text));
    }

    [Fact]
    public void A_big_float_array_round_trips_byte_exact_including_nan_payloads()
    {
        var random = new Random(7);
        var values = new float[3_000_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BitConverter.Int32BitsToSingle(random.Next() ^ (random.Next(2) << 31));
        }

        values[0] = BitConverter.Int32BitsToSingle(0x7FC0_0001); // quiet NaN with a payload
        values[1] = BitConverter.Int32BitsToSingle(unchecked((int)0xFF80_0001)); // signalling NaN, negative
        values[2] = -0f;

        var result = RoundTrip.Of(values);

        Assert.True(MemoryMarshal.AsBytes(values.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(result.AsSpan())));
    }

    [Fact]
    public void A_float_array_travels_as_its_raw_bytes_plus_a_small_header()
    {
        var payload = RoundTrip.Bytes(new float[1000]);

        Assert.InRange(payload.Length, 4000, 4000 + 8);
    }

    [Fact]
    public void Arrays_of_every_number_type_round_trip()
    {
        Assert.Equal([1.5, double.NaN, -0.0], RoundTrip.Of(new[] { 1.5, double.NaN, -0.0 }));
        Assert.Equal([1, -2, int.MaxValue], RoundTrip.Of(new[] { 1, -2, int.MaxValue }));
        Assert.Equal([1L, long.MinValue], RoundTrip.Of(new[] { 1L, long.MinValue }));
        Assert.Equal(new byte[] { 0, 1, 255 }, RoundTrip.Of(new byte[] { 0, 1, 255 }));
        Assert.Equal([true, false, true], RoundTrip.Of(new[] { true, false, true }));
        Assert.Equal([Color.Green, Color.Red], RoundTrip.Of(new[] { Color.Green, Color.Red }));
        Assert.Empty(RoundTrip.Of(Array.Empty<float>()));
    }

    [Fact]
    public void Multi_dimensional_arrays_round_trip()
    {
        var numbers = new float[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        var names = new string?[,] { { "a", null }, { "c", "d" } };

        Assert.Equal(numbers, RoundTrip.Of(numbers));
        Assert.Equal(names, RoundTrip.Of(names));
    }

    [Fact]
    public void Collections_round_trip_with_their_order_and_comparers()
    {
        var list = new List<string?> { "a", null, "c" };
        var dictionary = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["One"] = 1, ["two"] = 2 };
        var set = new HashSet<int> { 3, 1, 2 };
        var queue = new Queue<int>([1, 2, 3]);
        var stack = new Stack<string>(["bottom", "middle", "top"]);
        var nested = new List<List<int>> { new() { 1 }, new() { 2, 3 } };

        Assert.Equal(list, RoundTrip.Of(list));
        var dictionaryCopy = RoundTrip.Of(dictionary);
        Assert.Equal(2, dictionaryCopy["TWO"]);
        Assert.True(set.SetEquals(RoundTrip.Of(set)));
        Assert.Equal([1, 2, 3], RoundTrip.Of(queue));
        Assert.Equal("top", RoundTrip.Of(stack).Pop());
        Assert.Equal(nested, RoundTrip.Of(nested));
    }

    [Fact]
    public void Immutable_collections_and_wrappers_round_trip()
    {
        var array = ImmutableArray.Create(1f, 2f, float.NaN);
        var list = ImmutableList.Create("x", "y");
        var dictionary = ImmutableDictionary.CreateRange([KeyValuePair.Create("k", 1.5)]);
        var set = ImmutableHashSet.Create(4, 5);
        var wrapped = new[] { 1.0f, 2.0f }.AsImmutable();

        Assert.Equal<float>(array, RoundTrip.Of(array));
        Assert.True(RoundTrip.Of(default(ImmutableArray<int>)).IsDefault);
        Assert.Equal(list, RoundTrip.Of(list));
        Assert.Equal(1.5, RoundTrip.Of(dictionary)["k"]);
        Assert.True(set.SetEquals(RoundTrip.Of(set)));
        Assert.Equal(wrapped.Value, RoundTrip.Of(wrapped).Value);
    }

    [Fact]
    public void Tuples_and_key_value_pairs_round_trip()
    {
        Assert.Equal((1, "two", 3.0), RoundTrip.Of((1, "two", 3.0)));
        Assert.Equal(Tuple.Create(1, "a"), RoundTrip.Of(Tuple.Create(1, "a")));
        Assert.Equal(KeyValuePair.Create("k", new Point3(1, 2, 3)), RoundTrip.Of(KeyValuePair.Create("k", new Point3(1, 2, 3))));
    }

    [Fact]
    public void Nested_records_round_trip()
    {
        var trial = new Trial("t1", 3, [0.5, 0.25], new() { ["best"] = new Point3(1, 2, 3) }, new Point3(4, 5, 6));

        var result = RoundTrip.Of(trial);

        Assert.Equal(trial.Name, result.Name);
        Assert.Equal(trial.Number, result.Number);
        Assert.Equal(trial.Values, result.Values);
        Assert.Equal(trial.Named["best"], result.Named["best"]);
        Assert.Equal(trial.Best, result.Best);
    }

    [Fact]
    public void A_class_with_private_and_readonly_fields_round_trips()
    {
        var account = new Account("ada", 10);
        account.Deposit(5);

        var result = RoundTrip.Of(account);

        Assert.Equal("ada", result.Owner);
        Assert.Equal(15, result.Balance);
        Assert.Equal(["+5"], result.History);
    }

    [Fact]
    public void Structs_round_trip_including_their_reference_fields()
    {
        var sample = new Sample { Id = 9, Features = [1, 2, 3] };

        var result = RoundTrip.Of(sample);
        var pair = RoundTrip.Of(new Pair(3, 4));

        Assert.Equal(9, result.Id);
        Assert.Equal(sample.Features, result.Features);
        Assert.Equal((3, 4), (pair.A, pair.B));
    }

    [Fact]
    public void Number_and_enum_fields_round_trip_whether_readonly_or_mutable()
    {
        var tagged = new Tagged(Color.Green, Guid.NewGuid(), TimeSpan.FromMinutes(3), (Half)0.5f);
        var counters = new Counters { Color = Color.Red, Total = long.MinValue, Grade = 'Ω', Done = true };

        var taggedCopy = RoundTrip.Of(tagged);
        var countersCopy = RoundTrip.Of(counters);

        Assert.Equal(tagged, taggedCopy);
        Assert.Equal((Color.Red, long.MinValue, 'Ω', true), (countersCopy.Color, countersCopy.Total, countersCopy.Grade, countersCopy.Done));
    }

    [Fact]
    public void An_object_without_fields_round_trips()
    {
        Assert.IsType<EmptyMarker>(RoundTrip.Of(new EmptyMarker()));
        Assert.Equal(3, RoundTrip.Of(new[] { new EmptyMarker(), new EmptyMarker(), new EmptyMarker() }).Length);
    }

    [Fact]
    public void Fields_marked_non_serialized_are_skipped()
    {
        var result = RoundTrip.Of(new WithCache { Value = 3, Cached = () => 1 });

        Assert.Equal(3, result.Value);
        Assert.Null(result.Cached);
    }

    [Fact]
    public void Cycles_are_rebuilt()
    {
        var a = new Node { Name = "a" };
        var b = new Node { Name = "b", Next = a };
        a.Next = b;
        a.Children.Add(a);

        var result = RoundTrip.Of(a);

        Assert.Equal("b", result.Next!.Name);
        Assert.Same(result, result.Next.Next);
        Assert.Same(result, result.Children[0]);
    }

    [Fact]
    public void Shared_references_stay_shared()
    {
        var list = new List<int> { 1, 2 };
        var holder = new SharedLists { First = list, Second = list };

        var result = RoundTrip.Of(holder);

        Assert.Same(result.First, result.Second);
        Assert.Equal([1, 2], result.First);
    }

    [Fact]
    public void Polymorphic_fields_keep_their_runtime_types()
    {
        var drawing = new Drawing { Main = new Circle(2), Anything = 42 };
        drawing.Shapes.Add(new Square(3));
        drawing.Shapes.Add(new Circle(1));

        var result = RoundTrip.Of(drawing);

        Assert.Equal(new Circle(2), result.Main);
        Assert.Equal<Shape>([new Square(3), new Circle(1)], result.Shapes);
        Assert.Equal(42, result.Anything);
    }

    [Fact]
    public void A_value_declared_as_an_interface_round_trips()
    {
        IReadOnlyList<int> list = new List<int> { 4, 5 };

        Assert.Equal([4, 5], RoundTrip.Of(list));
    }

    [Fact]
    public void Read_only_interfaces_filled_by_collection_expressions_round_trip()
    {
        var tags = new Tags(["a", "b"], [1, 2, 3], [0.5], new List<Point3> { new(1, 2, 3) }.AsReadOnly());

        var result = RoundTrip.Of(tags);

        Assert.Equal(["a", "b"], result.Names);
        Assert.Equal([1, 2, 3], result.Numbers);
        Assert.Equal([0.5], result.Weights);
        Assert.Equal([new Point3(1, 2, 3)], result.Points);
    }

    [Fact]
    public void Type_values_round_trip()
    {
        Assert.Equal(typeof(Dictionary<string, Point3[]>), RoundTrip.Of(typeof(Dictionary<string, Point3[]>)));
    }

    [Fact]
    public void A_payload_split_across_segments_reads_the_same()
    {
        var trial = new Trial("split", 1, [.. Enumerable.Range(0, 500).Select(i => (double)i)], [], null);
        var bytes = RoundTrip.Bytes(trial);
        var sequence = Segments.Split(bytes, 7);

        var result = RoundTrip.Serializer.Deserialize<Trial>(sequence);

        Assert.False(sequence.IsSingleSegment);
        Assert.Equal(trial.Values, result.Values);
    }

    [Fact]
    public void A_payload_written_into_many_small_buffers_reads_back()
    {
        var trial = new Trial("stingy", 2, [.. Enumerable.Range(0, 3000).Select(i => i * 0.5)], new() { ["p"] = new Point3(1, 2, 3) }, null);
        var output = new StingyBufferWriter();

        RoundTrip.Serializer.Serialize(trial, output);
        var result = RoundTrip.Serializer.Deserialize<Trial>(output.WrittenBytes);

        Assert.True(output.Buffers > 1);
        Assert.Equal(RoundTrip.Bytes(trial), output.WrittenBytes);
        Assert.Equal(trial.Values, result.Values);
    }

    [Fact]
    public void Payloads_written_and_read_in_parallel_are_all_correct()
    {
        var results = Enumerable.Range(0, 500).AsParallel()
            .Select(i => RoundTrip.Of(new Trial($"t{i}", i, [i], new() { [$"k{i}"] = new Point3(i, i, i) }, null)))
            .ToList();

        Assert.All(results, trial => Assert.Equal(new Point3(trial.Number, trial.Number, trial.Number), trial.Named[$"k{trial.Number}"]));
    }

    [Fact]
    public void A_repeated_type_is_named_once_per_payload()
    {
        var one = RoundTrip.Bytes<object[]>([new Circle(1)]);
        var two = RoundTrip.Bytes<object[]>([new Circle(1), new Circle(1)]);

        // The second circle costs its tag, a one-byte type index and its double: far less than the type's name.
        Assert.Equal(one.Length + 1 + 1 + 8, two.Length);
    }
}

/// <summary>A buffer writer that hands out exactly the memory asked for, in many small arrays, to catch sloppy Advance calls.</summary>
internal sealed class StingyBufferWriter : IBufferWriter<byte>
{
    readonly List<byte> written = [];
    byte[] current = [];

    public int Buffers { get; private set; }

    public byte[] WrittenBytes => [.. written];

    public void Advance(int count) => written.AddRange(current.AsSpan(0, count));

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        current = new byte[Math.Max(sizeHint, 1)];
        Buffers++;
        return current;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
}

internal static class Segments
{
    public static ReadOnlySequence<byte> Split(byte[] bytes, int size)
    {
        Segment? first = null, last = null;
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            var segment = new Segment(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)), offset);
            if (first is null)
            {
                first = segment;
            }
            else
            {
                last!.SetNext(segment);
            }

            last = segment;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Segment next) => Next = next;
    }
}
