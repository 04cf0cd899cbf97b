using BigDL.Dashboard.Auth;
using BigDL.Dashboard.Live;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BigDL.Dashboard;

/// <summary>Registers the dashboard's services: <c>services.AddBigDLDashboard(o => ...)</c>, then <c>app.MapBigDLDashboard()</c>.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dashboard: Razor components rendered on the server, anti-forgery, and API-key authentication. The host must
    /// also register an <see cref="IClusterClient"/> (a silo in the same host does: <c>builder.UseOrleans(...)</c>), and may
    /// add Orleans' dashboard (<see cref="OrleansDashboardExtensions"/>) and metrics
    /// (<see cref="MetricsServiceCollectionExtensions.AddBigDLMetrics"/>).
    /// </summary>
    public static IServiceCollection AddBigDLDashboard(this IServiceCollection services, Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<DashboardOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>());
        services.AddRazorComponents();
        services.AddAntiforgery();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, DashboardKeyHandler>(DashboardKey.Scheme, null);
        services.AddAuthorization();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, DashboardPathBase>());
        services.TryAddSingleton<ExperimentChanges>();
        services.AddMetrics();
        services.TryAddSingleton<DashboardMetrics>();
        return services;
    }
}
