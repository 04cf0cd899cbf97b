using System.Text;
using BigDL.Dashboard.Components.Views;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigDL.Dashboard.Live;

/// <summary>
/// <c>GET live/{view}</c>: a Server-Sent Events stream that sends a view's HTML as an <c>update</c> event whenever it
/// changes. An experiment view re-renders on each trial change its experiment pushes, at most once per
/// <see cref="DashboardOptions.MinimumUpdateInterval"/>; every view also re-renders at the refresh interval, which catches
/// what no grain pushes (new catalog entries, training steps, cluster statistics).
/// </summary>
internal static partial class LiveEndpoint
{
    static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(HttpContext context, string view)
    {
        if (LiveViews.Find(view) is not { } component)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"no live view '{view}'");
            return;
        }

        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<DashboardOptions>>().Value;
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var logger = loggerFactory.CreateLogger(typeof(LiveEndpoint));
        var metrics = services.GetRequiredService<DashboardMetrics>();
        var parameters = LiveViews.Parameters(component, context.Request.Query);
        // A stream ends with its browser or with the host: an open page must not hold a stopping silo until its timeout.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(
            context.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var aborted = ending.Token;

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await context.Response.Body.FlushAsync(aborted);

        using var watch = component == typeof(ExperimentView) && parameters.GetValueOrDefault(nameof(ExperimentView.Name)) is string name
            ? await services.GetRequiredService<ExperimentChanges>().WatchAsync(name)
            : null;
        string? sent = null;
        var lastWrite = DateTime.UtcNow;
        var lastRender = DateTime.MinValue;
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                // Taken before rendering, so a change during the render wakes the next round.
                var changed = watch?.Changed;
                lastRender = DateTime.UtcNow;
                string? html = null;
                try
                {
                    html = await FragmentRenderer.RenderAsync(services, loggerFactory, component, parameters);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRenderFailed(logger, e, view);
                    await WriteEventAsync(context, "problem", $"Could not read the latest state ({e.GetType().Name}: {e.Message}); retrying.", aborted);
                    lastWrite = DateTime.UtcNow;
                }

                if (html is not null && html != sent)
                {
                    await WriteEventAsync(context, "update", html, aborted);
                    metrics.Updated(view);
                    sent = html;
                    lastWrite = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - lastWrite > KeepAlive)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", aborted);
                    await context.Response.Body.FlushAsync(aborted);
                    lastWrite = DateTime.UtcNow;
                }

                var refresh = Task.Delay(options.RefreshInterval, aborted);
                await (changed is null ? refresh : Task.WhenAny(changed, refresh));
                // A running trial reports every few milliseconds: wake at once on the first change after a quiet spell,
                // but gather the changes of a busy one, so neither this server nor the browser falls behind redrawing.
                var since = DateTime.UtcNow - lastRender;
                if (since < options.MinimumUpdateInterval)
                {
                    await Task.Delay(options.MinimumUpdateInterval - since, aborted);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The browser left the page, or the host is stopping.
        }
    }

    static async Task WriteEventAsync(HttpContext context, string name, string data, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("event: ").Append(name).Append('\n');
        foreach (var line in data.Split('\n'))
        {
            text.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        await context.Response.WriteAsync(text.Append('\n').ToString(), cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    [LoggerMessage(1, LogLevel.Warning, "Live view {View} could not render; it retries at the next refresh")]
    static partial void LogRenderFailed(ILogger logger, Exception exception, string view);
}
