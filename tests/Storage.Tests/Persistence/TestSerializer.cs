using System.Text.Json;
using Orleans.Storage;

namespace BigDL.Storage.Tests.Persistence;

/// <summary>A System.Text.Json serializer for the contract suites, so they run without a silo's services.</summary>
internal sealed class TestSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input));

    public T? Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span);
}

/// <summary>A plain state type.</summary>
public sealed class Counter
{
    public int Value { get; set; }

    public string? Note { get; set; }
}
