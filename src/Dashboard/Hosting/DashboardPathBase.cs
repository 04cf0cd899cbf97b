using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace BigDL.Dashboard;

/// <summary>
/// Mounts the dashboard under <see cref="DashboardOptions.PathBase"/>: the prefix moves from the request's path to its
/// path base before routing, so the pages' routes stay those of their <c>@page</c> directives (the component router
/// matches an endpoint against them, which a route-group prefix would break) and links follow <c>PathBase</c>.
/// </summary>
internal sealed class DashboardPathBase(IOptions<DashboardOptions> options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (options.Value.Prefix.Length > 0)
        {
            app.UsePathBase(options.Value.Prefix);
        }

        next(app);
    };
}
