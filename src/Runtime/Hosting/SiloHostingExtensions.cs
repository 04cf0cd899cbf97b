using BigDL.Orleans.Membership;
using BigDL.Orleans.Reminders;
using BigDL.Orleans.Runtime;
using BigDL.Orleans.Serialization;
using BigDL.Orleans.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BigDL.Orleans.Hosting;

/// <summary>Adds a silo to a .NET host: <c>builder.UseBigDLSilo(o => ...)</c>.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// Runs a silo in this host. Options bind from the <c>BigDL</c> configuration section, then <paramref name="configure"/>
    /// runs. Grain state and reminders go to the store <see cref="SiloOptions.Storage"/> names (SQLite file <c>bigdl.db</c>
    /// by default), unless a storage provider named <c>Default</c> or an <see cref="IReminderTable"/> is registered already.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names it.</exception>
    public static TBuilder UseBigDLSilo<TBuilder>(this TBuilder builder, Action<SiloOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new SiloOptions();
        builder.Configuration.GetSection(SiloOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        var validation = new SiloOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(SiloOptions.SectionName, typeof(SiloOptions), validation.Failures);
        }

        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(GrainRuntime)))
        {
            throw new InvalidOperationException("UseBigDLSilo was called twice on the same host; call it once.");
        }

        services.AddSingleton(Options.Create(options));
        services.TryAddSingleton(DeepCopier.Shared);
        services.AddSingleton<GrainRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>().GrainFactory);
        services.AddSingleton<ClusterClient>();
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddSingleton<ActivationMaintenance>();
        services.AddSingleton<ReminderService>();
        services.AddSingleton<Cluster.ClusterMembership>();
        services.AddSingleton<ILocalSiloDetails>(sp => sp.GetRequiredService<Cluster.ClusterMembership>());
        services.AddHostedService<Silo>();

        var connection = StorageConnection.Detect(options.Storage);
        if (!services.Any(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, PersistentStateAttribute.DefaultStorageName)))
        {
            services.AddGrainStorage(connection, PersistentStateAttribute.DefaultStorageName);
        }

        if (!services.Any(d => d.ServiceType == typeof(IReminderTable)))
        {
            services.AddReminderTable(connection);
        }

        if (options.IsClustered && !services.Any(d => d.ServiceType == typeof(Membership.IMembershipTable)))
        {
            services.AddMembershipTable(connection, options.ClusterId);
        }

        return builder;
    }
}
