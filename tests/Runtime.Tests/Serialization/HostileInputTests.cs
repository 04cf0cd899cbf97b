using System.Diagnostics;
using System.Text;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime.Tests.Serialization;

public class HostileInputTests
{
    static readonly BinarySerializer Serializer = RoundTrip.Serializer;

    static Drawing RichDrawing()
    {
        var drawing = new Drawing { Main = new Circle(1), Anything = new Dictionary<string, object?> { ["k"] = new[] { 1f, 2f }, ["n"] = null } };
        drawing.Shapes.Add(new Square(2));
        drawing.Shapes.Add((Shape)drawing.Main);
        return drawing;
    }

    public static TheoryData<string> Payloads() => ["drawing", "trial", "floats", "exception", "cycle"];

    static (byte[] Bytes, Type Declared) Valid(string name) => name switch
    {
        "drawing" => (RoundTrip.Bytes(RichDrawing()), typeof(Drawing)),
        "trial" => (RoundTrip.Bytes<object>(new Trial("t", 1, [1, 2], new() { ["p"] = new Point3(1, 2, 3) }, null)), typeof(object)),
        "floats" => (RoundTrip.Bytes(new float[] { 1, 2, 3, 4 }), typeof(float[])),
        "exception" => (RoundTrip.Bytes<Exception>(new CustomException("x", new InvalidOperationException("y"))), typeof(Exception)),
        "cycle" => (RoundTrip.Bytes(Cycle()), typeof(Node)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    static Node Cycle()
    {
        var a = new Node { Name = "a" };
        a.Next = new Node { Name = "b", Next = a };
        return a;
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Deserializing_a_truncated_buffer_throws_a_clear_error(string name)
    {
        var (bytes, declared) = Valid(name);
        Assert.NotNull(Serializer.Deserialize(bytes, declared));

        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize(bytes.AsSpan(0, length), declared));
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
    }

    [Fact]
    public void Trailing_bytes_after_the_value_are_refused()
    {
        byte[] bytes = [.. RoundTrip.Bytes(42), 0];

        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<int>(bytes));
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Corrupting_any_byte_of_a_valid_payload_never_throws_anything_but_a_serialization_error(string name)
    {
        var (bytes, declared) = Valid(name);
        var random = new Random(name.Length);
        for (var position = 0; position < bytes.Length; position++)
        {
            foreach (var replacement in new[] { (byte)0, (byte)0xFF, (byte)(bytes[position] ^ 1), (byte)random.Next(256) })
            {
                var corrupt = (byte[])bytes.Clone();
                corrupt[position] = replacement;
                var error = Record.Exception(() => Serializer.Deserialize(corrupt, declared));
                Assert.True(error is null or GrainSerializationException, $"byte {position} = {replacement}: {error}");
            }
        }
    }

    [Theory]
    [InlineData(typeof(object))]
    [InlineData(typeof(Drawing))]
    [InlineData(typeof(float[]))]
    [InlineData(typeof(Dictionary<string, object>))]
    [InlineData(typeof(Exception))]
    [InlineData(typeof(List<Shape>))]
    public void Random_bytes_never_throw_anything_but_a_serialization_error(Type declared)
    {
        var random = new Random(1234);
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            var error = Record.Exception(() => Serializer.Deserialize(bytes, declared));
            Assert.True(error is null or GrainSerializationException, $"case {i} ({Convert.ToHexString(bytes)}): {error}");
        }
    }

    [Fact]
    public void A_declared_length_over_the_limit_is_refused_before_allocating()
    {
        var bytes = new Payload().Byte(Payload.Value).VarUInt(uint.MaxValue >> 4).ToArray();

        var error = Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<float[]>(bytes));

        Assert.Contains(nameof(BinarySerializerOptions.MaxCollectionLength), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_length_longer_than_the_bytes_left_is_refused()
    {
        var floats = new Payload().Byte(Payload.Value).VarUInt(100_000_000).Byte(0).ToArray();
        var list = new Payload().Byte(Payload.Value).VarUInt(100_000_000).ToArray();
        var text = new Payload().Byte(Payload.Value).VarUInt(50_000_000).ToArray();

        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<float[]>(floats));
        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<List<Point3>>(list));
        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<string>(text));
    }

    [Fact]
    public void A_configured_length_limit_applies_to_both_ends()
    {
        var strict = new BinarySerializer(new BinarySerializerOptions { MaxCollectionLength = 10 });

        Assert.Throws<GrainSerializationException>(() => strict.SerializeToArray(new int[11]));
        Assert.Throws<GrainSerializationException>(() => strict.Deserialize<int[]>(RoundTrip.Bytes(new int[11])));
        Assert.Equal(10, strict.Deserialize<int[]>(RoundTrip.Bytes(new int[10])).Length);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_on_both_ends()
    {
        var head = new Node();
        for (var i = 0; i < 300; i++)
        {
            head = new Node { Next = head };
        }

        var deep = new BinarySerializer(new BinarySerializerOptions { MaxDepth = 2000 });
        var bytes = deep.SerializeToArray(head);

        Assert.Throws<GrainSerializationException>(() => RoundTrip.Bytes(head));
        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<Node>(bytes));
        Assert.NotNull(deep.Deserialize<Node>(bytes));
    }

    [Fact]
    public void A_hand_made_payload_nested_a_million_levels_deep_fails_without_overflowing_the_stack()
    {
        // object[] { object[] { object[] { ... } } }: each level is a Typed tag, a type index and a length of one.
        var payload = new Payload().Byte(Payload.Typed).VarUInt(0).Byte(3).Byte(0).NamedType(typeof(object)).VarUInt(1);
        for (var i = 0; i < 1_000_000; i++)
        {
            payload.Byte(Payload.Typed).VarUInt(2).VarUInt(1);
        }

        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<object>(payload.ToArray()));
    }

    [Fact]
    public void A_payload_naming_a_process_is_refused()
    {
        _ = typeof(Process); // loaded, so the refusal comes from the rules, not from a failed lookup
        var bytes = new Payload().Byte(Payload.Typed).NamedType(typeof(Process)).ToArray();

        var error = Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<object>(bytes));

        Assert.Contains("Process", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(Action))]
    [InlineData(typeof(Func<string, int>))]
    [InlineData(typeof(FileStream))]
    [InlineData(typeof(StringBuilder))]
    [InlineData(typeof(Task<int>))]
    [InlineData(typeof(List<Process>))]
    [InlineData(typeof(Dictionary<string, Action>))]
    public void A_payload_naming_a_disallowed_type_is_refused(Type type)
    {
        var payload = new Payload().Byte(Payload.Typed);
        var bytes = (type.IsConstructedGenericType ? payload.GenericType(type) : payload.NamedType(type)).Byte(0).ToArray();

        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<object>(bytes));
    }

    [Fact]
    public void A_payload_naming_a_type_not_assignable_to_the_declared_type_is_refused()
    {
        var account = RoundTrip.Bytes<object>(new Account("x", 1));

        var error = Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<Shape>(account));

        Assert.Contains("not assignable", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("System.Collections.Generic.List`1[[System.Diagnostics.Process, System.Diagnostics.Process]]", "System.Private.CoreLib")]
    [InlineData("No.Such.Type", "No.Such.Assembly")]
    [InlineData("System.Int32", "No.Such.Assembly")]
    [InlineData("", "")]
    public void A_payload_naming_an_unknown_or_syntactic_type_name_is_refused(string name, string assembly)
    {
        var bytes = new Payload().Byte(Payload.Typed).NamedType(name, assembly).Byte(0).ToArray();

        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<object>(bytes));
    }

    [Fact]
    public void Objects_with_finalizers_or_framework_base_classes_are_refused_both_ways()
    {
        Assert.Throws<GrainSerializationException>(() => RoundTrip.Bytes(new HandleOwner()));
        Assert.Throws<GrainSerializationException>(() => RoundTrip.Bytes(new NumberCollection()));
        var named = new Payload().Byte(Payload.Typed).NamedType(typeof(HandleOwner)).Byte(0).Byte(0).Byte(0).Byte(0).ToArray();
        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<object>(named));
    }

    [Fact]
    public void Serializing_a_delegate_fails_with_a_message_naming_the_field()
    {
        var error = Assert.Throws<GrainSerializationException>(() => RoundTrip.Bytes(new CallbackHolder { Callback = () => { } }));

        Assert.Contains(nameof(CallbackHolder.Callback), error.Message, StringComparison.Ordinal);
        Assert.Contains("delegate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_scalar_encodings_are_refused()
    {
        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<bool>([2]));
        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<bool[]>([Payload.Value, 2, 0, 7]));
        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<string>([Payload.Value, 2, 0xC3, 0x28]));
        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<DateTime>(BitConverter.GetBytes(long.MaxValue)));
        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<object>([9]));
        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<object>([Payload.Reference, 0]));
    }

    [Fact]
    public void Duplicate_keys_are_refused()
    {
        var bytes = new Payload().Byte(Payload.Value).Byte(0).VarUInt(2)
            .Byte(Payload.Value).String("k").Byte(1).Byte(0).Byte(0).Byte(0)
            .Byte(Payload.Value).String("k").Byte(2).Byte(0).Byte(0).Byte(0).ToArray();

        var error = Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<Dictionary<string, int>>(bytes));

        Assert.Contains("same key twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hash_key_whose_value_based_hash_would_recurse_forever_is_refused()
    {
        // HashSet<LinkKey> { k } where k.Next == k: the set is object #0, the key #1, and k.Next refers back to #1.
        byte[] selfLoop = [Payload.Value, 0, 1, Payload.Value, Payload.Value, 1, (byte)'a', Payload.Reference, 1];

        var error = Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<HashSet<LinkKey>>(selfLoop));

        Assert.Contains("recurse forever", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hash_key_referring_to_a_cyclic_record_read_earlier_is_refused()
    {
        // (List<LinkKey> { k }, HashSet<LinkKey> { k }) with k.Next == k: the set's element is a back-reference to a finished k.
        byte[] bytes =
        [
            Payload.Value, 1, Payload.Value, Payload.Value, 1, (byte)'a', Payload.Reference, 1,
            Payload.Value, 0, 1, Payload.Reference, 1,
        ];

        Assert.Throws<GrainSerializationException>(() => Serializer.Deserialize<(List<LinkKey>, HashSet<LinkKey>)>(bytes));
    }

    [Fact]
    public void Keys_hashed_by_reference_may_sit_in_cycles()
    {
        var node = new Node { Name = "n" };
        node.Next = node;
        var map = new Dictionary<Node, int> { [node] = 1 };

        var result = RoundTrip.Of(map);

        var key = Assert.Single(result.Keys);
        Assert.Same(key, key.Next);
        Assert.Equal(1, result[key]);
    }
}
