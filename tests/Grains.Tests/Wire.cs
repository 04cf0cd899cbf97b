using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace BigDL.Grains.Tests;

/// <summary>Orleans' serializer as a silo builds it for the service's records, for tests that send values across the wire.</summary>
public static class Wire
{
    static readonly Lazy<Serializer> Shared = new(() =>
    {
        var services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(ExperimentSpec).Assembly));
        BigDLServices.AddShared(services);
        return services.BuildServiceProvider().GetRequiredService<Serializer>();
    });

    /// <summary>Gets the serializer.</summary>
    public static Serializer Serializer => Shared.Value;

    /// <summary>Serializes <paramref name="value"/> to bytes and reads it back, as a call to another silo does.</summary>
    public static T RoundTrip<T>(T value)
    {
        Assert.True(Serializer.CanSerialize<T>(), $"Orleans cannot serialize {typeof(T)}");
        return Serializer.Deserialize<T>(Serializer.SerializeToArray(value)) ?? throw new InvalidOperationException($"{typeof(T)} came back null");
    }
}
