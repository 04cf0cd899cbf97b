using BigDL.Storage.Clustering;
using BigDL.Storage.Persistence;
using BigDL.Storage.Reminders;
using BigDL.Storage.Sql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace BigDL.Storage.Hosting;

/// <summary>What every registration does, whichever store: options with their validator checked at start, then the provider.</summary>
/// <remarks>
/// Options are not registered for Orleans' option logging (ConfigureNamedOptionForLogging): their connection strings
/// may hold passwords, and the providers log a description of the database instead.
/// </remarks>
internal static class StoreRegistration
{
    public static OptionsBuilder<TOptions> AddStoreOptions<TOptions, TValidator>(this IServiceCollection services, string name)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>(name).ValidateOnStart();
    }

    public static void AddMembershipTable(IServiceCollection services, Func<IServiceProvider, SqlStore> openStore) =>
        services.AddSingleton<IMembershipTable>(sp => new SqlMembershipTable(
            openStore(sp), sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId, sp.GetRequiredService<ILogger<SqlMembershipTable>>()));

    public static void AddGatewayListProvider(IServiceCollection services, Func<IServiceProvider, SqlStore> openStore) =>
        services.AddSingleton<IGatewayListProvider>(sp => new SqlGatewayListProvider(
            openStore(sp),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId,
            sp.GetRequiredService<IOptions<GatewayOptions>>().Value.GatewayListRefreshPeriod,
            sp.GetRequiredService<ILogger<SqlGatewayListProvider>>()));

    public static void AddReminderTable(IServiceCollection services, Func<IServiceProvider, SqlStore> openStore)
    {
        services.AddReminders();
        services.AddSingleton<IReminderTable>(sp => new SqlReminderTable(
            openStore(sp), sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, sp.GetRequiredService<ILogger<SqlReminderTable>>()));
    }

    public static void AddGrainStorage<TOptions>(IServiceCollection services, string name, Func<TOptions, SqlStore> openStore, Func<TOptions, bool> deleteStateOnClear)
        where TOptions : class, IStorageProviderSerializerOptions
    {
        services.AddTransient<IPostConfigureOptions<TOptions>, DefaultStorageProviderSerializerOptionsConfigurator<TOptions>>();
        services.AddGrainStorage(name, (sp, key) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<TOptions>>().Get(key);
            return new SqlGrainStorage(
                key, openStore(options), sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
                options.GrainStorageSerializer, deleteStateOnClear(options), sp.GetRequiredService<ILogger<SqlGrainStorage>>());
        });
    }
}
