using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime.Tests.Serialization;

public sealed class LargePayloadTests
{
    public sealed record Entry(string Type, string Name, IReadOnlyList<string> Interfaces);

    [Fact]
    public void A_list_of_records_larger_than_one_chunk_round_trips_through_an_array()
    {
        IReadOnlyList<Entry> entries = [.. Enumerable.Range(0, 300).Select(i => new Entry($"type-{i}", $"Some.Namespace.Class{i}", [$"Some.Namespace.IInterface{i},Assembly", "Another.Interface,Assembly"]))];
        var serializer = new BinarySerializer();
        var bytes = serializer.SerializeToArray(entries);
        var back = serializer.Deserialize<IReadOnlyList<Entry>>(bytes);
        Assert.Equal(entries.Count, back.Count);
        Assert.Equal(entries[299].Interfaces, back[299].Interfaces);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(300)]
    public void Many_records_with_distinct_strings_round_trip(int n)
    {
        IReadOnlyList<Entry> entries = [.. Enumerable.Range(0, n).Select(i => new Entry($"type-{i}", $"Some.Namespace.Class{i}", [$"Some.Namespace.IInterface{i},Assembly"]))];
        var serializer = new BinarySerializer();
        var back = serializer.Deserialize<IReadOnlyList<Entry>>(serializer.SerializeToArray(entries));
        Assert.Equal(n, back.Count);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(300)]
    public void A_shared_string_in_many_records_round_trips(int n)
    {
        var shared = string.Concat("shared", "-string");
        IReadOnlyList<Entry> entries = [.. Enumerable.Range(0, n).Select(i => new Entry("t", "n", [shared]))];
        var serializer = new BinarySerializer();
        var back = serializer.Deserialize<IReadOnlyList<Entry>>(serializer.SerializeToArray(entries));
        Assert.Equal(n, back.Count);
    }
}
