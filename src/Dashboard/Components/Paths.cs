using Microsoft.AspNetCore.Http;

namespace BigDL.Dashboard.Components;

/// <summary>Absolute paths inside the dashboard, wherever it is mounted (the request's path base).</summary>
internal static class Paths
{
    /// <summary>The dashboard's root path, ending in '/': the document's base href, so page links can be relative.</summary>
    public static string Root(HttpContext? context) => $"{context?.Request.PathBase}/";

    /// <summary>The absolute path of a dashboard-relative one, e.g. <c>experiments/x</c>.</summary>
    public static string To(HttpContext? context, string relative) => Root(context) + relative.TrimStart('/');

    /// <summary>Whether <paramref name="url"/> is a path on this host (no scheme, no protocol-relative '//'), safe to redirect to.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
