using Orleans.Concurrency;

namespace BigDL.Cluster.Tests.Serialization;

/// <summary>A generated record shaped like the service's chunk messages: large arrays behind <see cref="Immutable{T}"/>.</summary>
[GenerateSerializer, Alias("bigdl.tests.chunk")]
public sealed record Chunk(
    [property: Id(0)] int Step,
    [property: Id(1)] Immutable<float[]> Values,
    [property: Id(2)] Immutable<float[]> Again,
    [property: Id(3)] Immutable<int[]>? Ranges,
    [property: Id(4)] Immutable<double[]> Losses,
    [property: Id(5)] Immutable<long[]> Steps);

/// <summary>A generated record with a bare array member, which Orleans' generated code serializes with its own ArrayCodec.</summary>
[GenerateSerializer, Alias("bigdl.tests.bare")]
public sealed record BareArray([property: Id(0)] float[] Values);
