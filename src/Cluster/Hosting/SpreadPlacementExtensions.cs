using BigDL.Cluster.Placement;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace BigDL.Cluster.Hosting;

/// <summary>Registers <see cref="SpreadPlacement"/> on a silo.</summary>
public static class SpreadPlacementExtensions
{
    /// <summary>Lets grain classes marked <see cref="SpreadPlacementAttribute"/> be placed on this silo's cluster; call it on every silo.</summary>
    public static ISiloBuilder AddSpreadPlacement(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSpreadPlacement();
        return builder;
    }

    /// <summary>Registers the <see cref="SpreadPlacement"/> director in a silo's services.</summary>
    public static IServiceCollection AddSpreadPlacement(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPlacementDirector<SpreadPlacement, SpreadPlacementDirector>();
        return services;
    }
}
