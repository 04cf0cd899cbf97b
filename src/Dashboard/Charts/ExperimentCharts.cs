using BigDL.Dashboard.Data;
using BigDL.Grains;

namespace BigDL.Dashboard.Charts;

/// <summary>ECharts options of the experiment page (Optuna's visualizations): history, intermediate values, parallel coordinates, importance.</summary>
internal static class ExperimentCharts
{
    /// <summary>
    /// Each complete trial's value by trial number (series 0) and, with one objective, the best value so far (series 1);
    /// a multi-objective study shows its first objective, which has no single best.
    /// </summary>
    public static object History(ExperimentDetails d)
    {
        var complete = d.Trials.Where(t => t.Status == TrialStatus.Complete && t.Value is not null).OrderBy(t => t.Number).ToList();
        var best = new List<object[]>();
        double? bestSoFar = null;
        foreach (var t in complete)
        {
            var v = t.Value!.Value;
            bestSoFar = bestSoFar is not { } b ? v : d.Maximize ? Math.Max(b, v) : Math.Min(b, v);
            best.Add([t.Number, bestSoFar.Value]);
        }

        var series = new List<object> { new { name = "Objective value", type = "scatter", symbolSize = 8, data = complete.Select(t => new object[] { t.Number, t.Value!.Value }) } };
        if (!d.IsMultiObjective)
        {
            series.Add(new { name = "Best value", type = "line", step = "end", showSymbol = false, data = best });
        }

        return new
        {
            animation = false,
            tooltip = new { trigger = "item" },
            legend = new { data = d.IsMultiObjective ? ["Objective value"] : new[] { "Objective value", "Best value" }, top = 0 },
            grid = new { left = 60, right = 20, top = 36, bottom = 40 },
            xAxis = new { type = "value", name = "Trial", nameLocation = "middle", nameGap = 25, minInterval = 1 },
            yAxis = new { type = "value", name = FirstMetric(d), scale = true },
            series,
        };
    }

    /// <summary>Complete trials on the first two objectives: the Pareto front (series 0) against the other trials (series 1).</summary>
    public static object Pareto(ExperimentDetails d)
    {
        var onFront = d.ParetoFront.Select(t => t.Number).ToHashSet();
        var complete = d.Trials.Where(t => t.Status == TrialStatus.Complete && ExperimentDetails.ValueOf(t, 1) is not null).OrderBy(t => t.Number).ToList();
        object Point(TrialInfo t) => new object[] { ExperimentDetails.ValueOf(t, 0)!.Value, ExperimentDetails.ValueOf(t, 1)!.Value, t.Number };
        string Axis(int i) => $"{d.Objectives[i].Metric} ({(d.Objectives[i].Direction == ObjectiveDirection.Maximize ? "max" : "min")})";
        return new
        {
            animation = false,
            tooltip = new { trigger = "item" },
            legend = new { data = new[] { "Pareto front", "Other trials" }, top = 0 },
            grid = new { left = 60, right = 20, top = 36, bottom = 40 },
            xAxis = new { type = "value", name = Axis(0), nameLocation = "middle", nameGap = 25, scale = true },
            yAxis = new { type = "value", name = Axis(1), scale = true },
            series = new object[]
            {
                new { name = "Pareto front", type = "scatter", symbolSize = 10, itemStyle = new { color = "#d9534f" }, data = complete.Where(t => onFront.Contains(t.Number)).Select(Point) },
                new { name = "Other trials", type = "scatter", symbolSize = 7, itemStyle = new { color = "#5470c6" }, data = complete.Where(t => !onFront.Contains(t.Number)).Select(Point) },
            },
        };
    }

    /// <summary>One line per trial through its per-epoch values; pruned trials dashed in red so they stand out.</summary>
    public static object Intermediate(ExperimentDetails d)
    {
        var withValues = d.Trials.Where(t => t.IntermediateValues.Length > 0).OrderBy(t => t.Number).ToList();
        return new
        {
            animation = false,
            tooltip = new { trigger = "item" },
            grid = new { left = 60, right = 20, top = 20, bottom = 40 },
            xAxis = new { type = "value", name = "Epoch", nameLocation = "middle", nameGap = 25, minInterval = 1 },
            yAxis = new { type = "value", name = FirstMetric(d), scale = true },
            series = withValues.Select(t => new
            {
                name = t.Status == TrialStatus.Pruned ? $"#{t.Number} (pruned)" : $"#{t.Number}",
                type = "line",
                symbolSize = 4,
                lineStyle = t.Status == TrialStatus.Pruned ? new { type = "dashed", color = "#d9534f", width = 1 } : new { type = "solid", color = (string)null!, width = 2 },
                itemStyle = t.Status == TrialStatus.Pruned ? new { color = "#d9534f" } : null,
                data = t.IntermediateValues.Select(s => new object[] { s.Step, s.Value }),
            }),
        };
    }

    /// <summary>Complete trials as lines across one axis per parameter and one per objective.</summary>
    public static object Parallel(ExperimentDetails d)
    {
        var complete = d.Trials.Where(t => t.Status == TrialStatus.Complete && t.Value is not null).OrderBy(t => t.Number).ToList();
        var axes = d.Parameters.Select((p, i) => (object)(p.Categorical
                ? new { dim = i, name = p.Name, type = "category", data = (string[]?)(p.Choices.Length > 0 ? p.Choices.ToArray() : complete.Select(p.ChartValue).OfType<string>().Distinct().ToArray()) }
                : p.Log ? new { dim = i, name = p.Name, type = "log", data = (string[]?)null } : new { dim = i, name = p.Name, type = "value", data = (string[]?)null }))
            .Concat(Enumerable.Range(0, Math.Max(1, d.Objectives.Length)).Select(i => (object)new
            {
                dim = d.Parameters.Count + i, name = d.Objectives.IsEmpty ? "value" : d.Objectives[i].Metric, type = "value", data = (string[]?)null,
            }))
            .ToArray();
        return new
        {
            animation = false,
            parallelAxis = axes,
            parallel = new { left = 60, right = 80, top = 40, bottom = 30 },
            series = new object[]
            {
                new
                {
                    name = "Trials",
                    type = "parallel",
                    lineStyle = new { width = 2, opacity = 0.6 },
                    data = complete.Select(t => d.Parameters.Select(p => p.ChartValue(t))
                        .Concat(Enumerable.Range(0, Math.Max(1, d.Objectives.Length)).Select(i => (object?)ExperimentDetails.ValueOf(t, i)))
                        .ToArray()),
                },
            },
        };
    }

    /// <summary>Each parameter's share of the objective's variance, largest on top.</summary>
    public static object Importance(ExperimentDetails d)
    {
        var ordered = d.Importance.OrderBy(i => i.Importance).ToList();
        return new
        {
            animation = false,
            tooltip = new { trigger = "item" },
            grid = new { left = 140, right = 30, top = 10, bottom = 30 },
            xAxis = new { type = "value", max = 1 },
            yAxis = new { type = "category", data = ordered.Select(i => i.Name) },
            series = new object[] { new { name = "Importance", type = "bar", data = ordered.Select(i => Math.Round(i.Importance, 4)) } },
        };
    }

    static string FirstMetric(ExperimentDetails d) => d.Objectives.IsEmpty ? "value" : d.Objectives[0].Metric;
}
