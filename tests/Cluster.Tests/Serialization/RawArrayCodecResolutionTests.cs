using BigDL.Cluster.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Serializers;

namespace BigDL.Cluster.Tests.Serialization;

public sealed class RawArrayCodecResolutionTests
{
    [Fact]
    public void Registered_codecs_are_what_orleans_resolves_for_float_double_int_and_long_arrays()
    {
        using var services = SerializerServices.Build(rawArrays: true);
        var provider = services.GetRequiredService<ICodecProvider>();

        Assert.IsType<RawArrayCodec<float>>(provider.GetCodec<float[]>());
        Assert.IsType<RawArrayCodec<double>>(provider.GetCodec<double[]>());
        Assert.IsType<RawArrayCodec<int>>(provider.GetCodec<int[]>());
        Assert.IsType<RawArrayCodec<long>>(provider.GetCodec<long[]>());
        var untyped = typeof(float[]); // the lookup an object-typed field or a type header takes
        Assert.IsType<RawArrayCodec<float>>(provider.GetCodec(untyped));
        Assert.IsType<RawArrayCopier<float>>(provider.GetDeepCopier<float[]>());
        Assert.IsType<RawArrayCopier<long>>(provider.GetDeepCopier<long[]>());
    }

    [Fact]
    public void Without_registration_orleans_resolves_its_elementwise_array_codec()
    {
        using var services = SerializerServices.Build(rawArrays: false);
        var provider = services.GetRequiredService<ICodecProvider>();

        Assert.IsType<ArrayCodec<float>>(provider.GetCodec<float[]>());
        Assert.IsType<ArrayCopier<float>>(provider.GetDeepCopier<float[]>());
    }

    [Fact]
    public void Other_element_types_keep_orleans_codecs()
    {
        using var services = SerializerServices.Build(rawArrays: true);
        var provider = services.GetRequiredService<ICodecProvider>();

        Assert.IsType<ArrayCodec<short>>(provider.GetCodec<short[]>());
        Assert.IsType<ByteArrayCodec>(provider.GetCodec<byte[]>());
    }
}
