using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace BigDL.Dashboard;

/// <summary>
/// <c>GET assets/{path}</c>: the dashboard's own script and styles and the npm-installed ECharts, served from resources
/// embedded at build time, so any host serves them with no static-files set-up.
/// </summary>
internal static class AssetEndpoint
{
    static readonly ConcurrentDictionary<string, Asset?> Cache = new(StringComparer.Ordinal);

    public static async Task ServeAsync(HttpContext context, string path)
    {
        if (Cache.GetOrAdd(path, Load) is not { } asset)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.Headers.ETag = asset.ETag;
        context.Response.Headers.CacheControl = "no-cache";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        await context.Response.Body.WriteAsync(asset.Content, context.RequestAborted);
    }

    static Asset? Load(string path)
    {
        using var stream = typeof(AssetEndpoint).Assembly.GetManifestResourceStream("assets/" + path);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        var type = Path.GetExtension(path) switch
        {
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        return new Asset(content, type, $"\"{Convert.ToHexString(SHA256.HashData(content))[..16]}\"");
    }

    sealed record Asset(byte[] Content, string ContentType, string ETag);
}
