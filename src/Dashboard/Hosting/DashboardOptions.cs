namespace BigDL.Dashboard;

/// <summary>Settings of the dashboard: where it is mounted, the API key that guards it and how often live views refresh.</summary>
public sealed class DashboardOptions
{
    /// <summary>The default interval at which live views look for changes the grains do not push.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromSeconds(1);

    /// <summary>The default shortest time between two updates of one live view.</summary>
    public static readonly TimeSpan DefaultMinimumUpdateInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The header a client sends the API key in.</summary>
    public const string KeyHeader = "X-Api-Key";

    /// <summary>The query parameter a browser may send the API key in once; it then gets a cookie.</summary>
    public const string KeyQuery = "key";

    /// <summary>The environment variable the <c>bigdl</c> host reads the API key from.</summary>
    public const string KeyEnvironmentVariable = "BIGDL_DASHBOARD_KEY";

    /// <summary>
    /// Gets or sets the path the dashboard is mounted under, e.g. <c>/</c> or <c>/dashboard</c>; a prefix other than
    /// <c>/</c> becomes the request path base of every request under it (<c>UsePathBase</c>, added at start-up).
    /// </summary>
    public string PathBase { get; set; } = "/";

    /// <summary>
    /// Gets or sets the API key every request must carry (header, cookie from the login form, or <c>?key=</c> once);
    /// null or empty for none, which a host may allow only when it listens on loopback.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets how often live views look for changes that no grain pushes (lists, cluster statistics).</summary>
    public TimeSpan RefreshInterval { get; set; } = DefaultRefreshInterval;

    /// <summary>
    /// Gets or sets the shortest time between two updates of one live view: trial changes that come faster (a trial
    /// reports every few milliseconds) are gathered into the next update instead of each costing a render and a redraw.
    /// </summary>
    public TimeSpan MinimumUpdateInterval { get; set; } = DefaultMinimumUpdateInterval;

    /// <summary>Gets whether requests must carry the API key.</summary>
    public bool RequiresKey => !string.IsNullOrEmpty(ApiKey);

    /// <summary>Gets <see cref="PathBase"/> without its trailing slash: empty for the root.</summary>
    internal string Prefix => PathBase.TrimEnd('/');
}
