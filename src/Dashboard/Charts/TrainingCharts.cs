using BigDL.Grains;

namespace BigDL.Dashboard.Charts;

/// <summary>ECharts options of the training job page: the loss curve, compute against sync time, and each replica's step time.</summary>
internal static class TrainingCharts
{
    /// <summary>The global batch's loss at every applied step (series 0).</summary>
    public static object Loss(TrainingJobStatus s) => new
    {
        animation = false,
        tooltip = new { trigger = "axis" },
        grid = new { left = 60, right = 20, top = 20, bottom = 40 },
        xAxis = new { type = "value", name = "Step", nameLocation = "middle", nameGap = 25, minInterval = 1 },
        yAxis = new { type = "value", name = "loss", scale = true },
        series = new object[] { new { name = "Loss", type = "line", showSymbol = false, data = s.StepLosses.Select((l, i) => new object[] { i + 1, l }) } },
    };

    /// <summary>Mean milliseconds per step in forward/backward and in synchronization, stacked.</summary>
    public static object ComputeVersusSync(TrainingJobStatus s) => new
    {
        animation = false,
        tooltip = new { trigger = "axis" },
        legend = new { data = new[] { "Compute", "Sync" }, top = 0 },
        grid = new { left = 60, right = 20, top = 36, bottom = 30 },
        xAxis = new { type = "category", data = new[] { "ms per step" } },
        yAxis = new { type = "value", name = "ms" },
        series = new object[]
        {
            new { name = "Compute", type = "bar", stack = "step", data = new[] { Math.Round(s.Telemetry.ComputeMsPerStep, 3) } },
            new { name = "Sync", type = "bar", stack = "step", data = new[] { Math.Round(s.Telemetry.SyncMsPerStep, 3) } },
        },
    };

    /// <summary>Each replica's mean step time; a straggler stands out.</summary>
    public static object ReplicaStepTimes(TrainingJobStatus s) => new
    {
        animation = false,
        tooltip = new { trigger = "axis" },
        grid = new { left = 60, right = 20, top = 20, bottom = 40 },
        xAxis = new { type = "category", name = "Replica", nameLocation = "middle", nameGap = 25, data = s.Telemetry.ReplicaStepMs.Select((_, i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture)) },
        yAxis = new { type = "value", name = "ms per step" },
        series = new object[] { new { name = "Step time", type = "bar", data = s.Telemetry.ReplicaStepMs.Select(ms => Math.Round(ms, 3)) } },
    };
}
