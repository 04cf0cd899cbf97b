using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BigDL.Dashboard.Auth;

/// <summary>
/// Authenticates dashboard requests by API key: the <c>X-Api-Key</c> header, an <c>Authorization: Bearer</c> header (metrics
/// scrapers), a <c>?key=</c> query (which also issues the session cookie), or that cookie. A challenge sends browsers to the login form and answers other clients 401.
/// </summary>
internal sealed class DashboardKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<DashboardOptions> dashboard) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    const string WrongKey = "wrong API key";
    const string Bearer = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = dashboard.Value.ApiKey;
        if (string.IsNullOrEmpty(key))
        {
            return Task.FromResult(Success());
        }

        if (Request.Headers.TryGetValue(DashboardOptions.KeyHeader, out var header))
        {
            return Task.FromResult(DashboardKey.Matches(key, header.ToString()) ? Success() : AuthenticateResult.Fail(WrongKey));
        }

        // A metrics scraper sends the key as a bearer token (Prometheus' authorization setting).
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(DashboardKey.Matches(key, authorization[Bearer.Length..].Trim()) ? Success() : AuthenticateResult.Fail(WrongKey));
        }

        if (Request.Query.TryGetValue(DashboardOptions.KeyQuery, out var query))
        {
            if (!DashboardKey.Matches(key, query.ToString()))
            {
                return Task.FromResult(AuthenticateResult.Fail(WrongKey));
            }

            DashboardKey.IssueCookie(Context, dashboard.Value);
            return Task.FromResult(Success());
        }

        return Task.FromResult(DashboardKey.CookieMatches(key, Request.Cookies[DashboardKey.CookieName]) ? Success() : AuthenticateResult.NoResult());
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var browser = HttpMethods.IsGet(Request.Method) && Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal);
        if (result.Failure is null && browser)
        {
            var returnUrl = Request.PathBase + Request.Path + Request.QueryString;
            Response.Redirect($"{Request.PathBase}/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.ContentType = "text/plain; charset=utf-8";
        await Response.WriteAsync(result.Failure is null
            ? $"This dashboard needs an API key: send it in the {DashboardOptions.KeyHeader} header, or sign in at {Request.PathBase}/login."
            : $"The API key is wrong: check the key given to the silo (--dashboard-key or {DashboardOptions.KeyEnvironmentVariable}).");
    }

    // One identity whichever way the key came (header, query, cookie): anti-forgery tokens are bound to the user's claims,
    // so a form rendered after a ?key= visit must still validate when posted with the cookie.
    static AuthenticateResult Success() =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "dashboard"), new Claim(ClaimTypes.Name, "dashboard")], DashboardKey.Scheme)),
            DashboardKey.Scheme));
}
