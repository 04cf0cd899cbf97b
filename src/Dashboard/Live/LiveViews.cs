using System.Reflection;
using BigDL.Dashboard.Components.Views;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;

namespace BigDL.Dashboard.Live;

/// <summary>
/// The views a page can keep live, by name: each is a component whose parameters are strings, so the live URL's query
/// carries them and the stream renders the same component with the same parameters.
/// </summary>
internal static class LiveViews
{
    static readonly Dictionary<string, Type> ByName = new(StringComparer.Ordinal)
    {
        ["experiments"] = typeof(ExperimentsView),
        ["experiment"] = typeof(ExperimentView),
        ["training-jobs"] = typeof(TrainingJobsView),
        ["training-job"] = typeof(TrainingJobView),
        ["campaigns"] = typeof(CampaignsView),
        ["campaign"] = typeof(CampaignView),
        ["cluster"] = typeof(ClusterView),
    };

    public static Type? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The relative URL of a view's stream.</summary>
    public static string Url(Type view, IReadOnlyDictionary<string, object?> parameters)
    {
        var name = ByName.First(kv => kv.Value == view).Key;
        var query = QueryString.Create(parameters.Where(p => p.Value is string).Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)));
        return $"live/{name}{query}";
    }

    /// <summary>The view's string parameters read from a query; absent ones stay null.</summary>
    public static Dictionary<string, object?> Parameters(Type view, IQueryCollection query) =>
        view.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string) && p.IsDefined(typeof(ParameterAttribute)))
            .ToDictionary(p => p.Name, p => (object?)(query.TryGetValue(p.Name, out var v) ? v.ToString() : null));
}
