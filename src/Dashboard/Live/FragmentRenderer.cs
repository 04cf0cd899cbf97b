using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;

namespace BigDL.Dashboard.Live;

/// <summary>Renders a view component to HTML outside a page request, for the live stream.</summary>
internal static class FragmentRenderer
{
    public static async Task<string> RenderAsync(IServiceProvider services, ILoggerFactory loggerFactory, Type component, IDictionary<string, object?> parameters)
    {
        // A renderer per render: an HtmlRenderer keeps every root component it rendered until it is disposed.
        await using var renderer = new HtmlRenderer(services, loggerFactory);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync(component, ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }
}
