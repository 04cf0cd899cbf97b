using BigDL.Grains;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BigDL.Dashboard;

/// <summary><c>GET models/{name}/{version}/download</c>: a registered model version's weights as a <c>.safetensors</c> file.</summary>
internal static class ModelDownloadEndpoint
{
    public static async Task<IResult> DownloadAsync(HttpContext context, string name, int version)
    {
        var client = context.RequestServices.GetRequiredService<IClusterClient>();
        var model = await client.GetGrain<IModelRegistryGrain>(name).Get(version);
        if (model is null)
        {
            return Results.NotFound($"model '{name}' has no version {version}");
        }

        var safe = string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        return Results.File(model.Safetensors.Value, "application/octet-stream", $"{safe}-v{version}.safetensors");
    }
}
