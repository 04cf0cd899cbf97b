using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BigDL.Dashboard.Auth;

/// <summary>Checks presented API keys in constant time and issues the session cookie that stands for a checked key.</summary>
internal static class DashboardKey
{
    public const string Scheme = "BigDLDashboardKey";
    public const string CookieName = "bigdl-dashboard";

    /// <summary>Whether <paramref name="presented"/> is the configured key; compares hashes so timing reveals nothing.</summary>
    public static bool Matches(string configured, string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Hash(configured), Hash(presented));

    /// <summary>The cookie value for a key: an HMAC of a fixed label, so the cookie never holds the key itself.</summary>
    public static string CookieValue(string configured) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(configured), "bigdl-dashboard-session"u8));

    public static bool CookieMatches(string configured, string? cookie) =>
        cookie is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(CookieValue(configured)), Encoding.UTF8.GetBytes(cookie));

    /// <summary>Gives the browser the session cookie, scoped to the dashboard's path.</summary>
    public static void IssueCookie(HttpContext context, DashboardOptions options)
    {
        context.Response.Cookies.Append(CookieName, CookieValue(options.ApiKey!), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = context.Request.PathBase.HasValue ? context.Request.PathBase.Value : "/",
            IsEssential = true,
        });
    }

    static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
