using BigDL.Cluster.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Serialization;

namespace BigDL.Cluster.Hosting;

/// <summary>Makes Orleans serialize float[], double[], int[] and long[] as raw little-endian bytes.</summary>
/// <remarks>
/// Orleans' CodecProvider looks a field type up among the codecs listed in <see cref="Orleans.Serialization.Configuration.TypeManifestOptions"/>
/// before it falls back to its generic ArrayCodec for arrays, so listing ours there makes it the codec for those types
/// wherever Orleans resolves one: grain call results, <c>Immutable&lt;float[]&gt;</c> arguments and members, generic and
/// object-typed values. It does not reach a member or argument declared as a bare <c>float[]</c> in a
/// [GenerateSerializer] type: the generated code there names ArrayCodec itself. Register on silos and clients alike: a
/// peer without it cannot read what this side writes.
/// </remarks>
public static class RawArrayCodecExtensions
{
    /// <summary>Registers the raw array codecs and copiers on a silo.</summary>
    public static ISiloBuilder AddRawArrayCodecs(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRawArrayCodecs();
        return builder;
    }

    /// <summary>Registers the raw array codecs and copiers on a client.</summary>
    public static IClientBuilder AddRawArrayCodecs(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRawArrayCodecs();
        return builder;
    }

    /// <summary>Registers the raw array codecs and copiers in a service collection that hosts Orleans' serializer.</summary>
    public static IServiceCollection AddRawArrayCodecs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddSerializer(serializer => serializer.Configure(manifest =>
        {
            manifest.Serializers.Add(typeof(RawArrayCodec<float>));
            manifest.Serializers.Add(typeof(RawArrayCodec<double>));
            manifest.Serializers.Add(typeof(RawArrayCodec<int>));
            manifest.Serializers.Add(typeof(RawArrayCodec<long>));
            manifest.Copiers.Add(typeof(RawArrayCopier<float>));
            manifest.Copiers.Add(typeof(RawArrayCopier<double>));
            manifest.Copiers.Add(typeof(RawArrayCopier<int>));
            manifest.Copiers.Add(typeof(RawArrayCopier<long>));
        }));
    }
}
