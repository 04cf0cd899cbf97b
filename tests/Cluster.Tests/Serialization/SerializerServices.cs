using BigDL.Cluster.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace BigDL.Cluster.Tests.Serialization;

/// <summary>Orleans' serializer on its own, with or without the raw array codecs, as a silo or client builds it.</summary>
internal static class SerializerServices
{
    public static ServiceProvider Build(bool rawArrays)
    {
        var services = new ServiceCollection().AddSerializer();
        if (rawArrays)
        {
            services.AddRawArrayCodecs();
        }

        return services.BuildServiceProvider();
    }

    public static T? RoundTrip<T>(this IServiceProvider services, T value)
    {
        var serializer = services.GetRequiredService<Serializer<T>>();
        return serializer.Deserialize(serializer.SerializeToArray(value));
    }

    /// <summary>Whether <paramref name="values"/>' own bytes appear as one unbroken run in <paramref name="serialized"/>.</summary>
    public static bool ContainsRawRun<T>(byte[] serialized, T[] values)
        where T : unmanaged =>
        serialized.AsSpan().IndexOf(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())) >= 0;
}
