using BigDL.Cluster.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Serialization;

namespace BigDL.Cluster.Hosting;

/// <summary>Makes Orleans serialize float[], double[], int[] and long[] as raw little-endian bytes.</summary>
/// <remarks>
/// Orleans' CodecProvider looks a type up among the codecs listed in <see cref="Orleans.Serialization.Configuration.TypeManifestOptions"/>
/// before it falls back to its generic ArrayCodec for arrays, so listing ours there makes it the codec for those types
/// wherever Orleans resolves one through the provider: grain call results (<c>Task&lt;float[]&gt;</c>),
/// <c>Immutable&lt;float[]&gt;</c> arguments and members, generic and object-typed values. Generated code names
/// ArrayCodec and ArrayCopier itself for anything declared as a bare <c>float[]</c> (a grain method argument or a
/// [GenerateSerializer] member), so wrap large payloads in <c>Immutable&lt;float[]&gt;</c>. Register on silos and clients
/// alike: a peer without it cannot read the results this side writes (it can read a peer's element-wise arrays).
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
