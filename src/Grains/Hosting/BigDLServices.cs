using BigDL.Cluster.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace BigDL.Grains;

/// <summary>Services both ends of a connection need: silos and clients must encode payloads the same way.</summary>
internal static class BigDLServices
{
    public static void AddShared(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddRawArrayCodecs();

        // Orleans encodes an exception it has no generated codec for only when its namespace is on this list (System,
        // Microsoft, Orleans by default). Without BigDL here a grain that throws, say, a StoreException or a
        // DatasetException (Compute cannot carry Orleans attributes) fails the caller with CodecNotFoundException instead
        // of the exception and its message.
        services.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("BigDL."));
    }
}
