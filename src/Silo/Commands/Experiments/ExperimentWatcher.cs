using System.Collections.Immutable;
using BigDL.Grains;
using BigDL.Silo.Commands.Cli;
using Spectre.Console;

namespace BigDL.Silo.Commands.Experiments;

/// <summary>
/// Follows an experiment until it finishes: a live table with a progress bar per running trial on a terminal, one line
/// per trial event when the output is piped; then the totals and the best trial, in both cases.
/// </summary>
internal static class ExperimentWatcher
{
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    const int BarWidth = 24;
    const int FinishedRowsShown = 8;

    /// <summary>Watches <paramref name="name"/> to its end and returns its final status.</summary>
    /// <exception cref="CliException">There is no such experiment.</exception>
    public static async Task<ExperimentStatus> WatchAsync(IGrainFactory grains, string name, CancellationToken cancellationToken)
    {
        var (grain, status) = await ExistingExperiment.GetAsync(grains, name);

        var spec = await grain.GetSpec();
        status = Terminal.IsInteractive
            ? await LiveAsync(grain, spec, cancellationToken)
            : await PlainAsync(grain, spec, cancellationToken);

        var best = await grain.GetBestTrials();
        Terminal.Out.WriteLine(
            $"experiment {name} {TrialText.Phase(status.Phase)}: {status.Complete} complete, {status.Pruned} pruned, {status.Failed} failed (budget {status.BudgetTrials})");
        Terminal.Out.WriteLine(TrialText.Best(spec, best));
        return status;
    }

    /// <summary>Prints a line whenever a trial starts, reports an epoch or ends, and when the best value improves.</summary>
    static async Task<ExperimentStatus> PlainAsync(IExperimentGrain grain, ExperimentSpec? spec, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<int, (TrialStatus Status, int Steps)>();
        int? best = null;
        var epochs = spec?.Epochs ?? 0;
        while (true)
        {
            var status = await grain.GetStatus();
            foreach (var trial in await grain.GetTrials())
            {
                var before = seen.TryGetValue(trial.Number, out var known) ? known : ((TrialStatus Status, int Steps)?)null;
                if (before is null)
                {
                    Print($"trial #{trial.Number} started ({TrialText.Params(trial)})");
                }

                var steps = trial.IntermediateValues.IsDefault ? 0 : trial.IntermediateValues.Length;
                for (var i = before?.Steps ?? 0; i < steps; i++)
                {
                    var step = trial.IntermediateValues[i];
                    Print($"trial #{trial.Number} epoch {step.Step}/{epochs}: {TrialText.Value(step.Value)}");
                }

                if (trial.Status != TrialStatus.Running && before?.Status != trial.Status)
                {
                    Print(trial.Status switch
                    {
                        TrialStatus.Complete => $"trial #{trial.Number} complete: {TrialText.Value(trial.Value)}",
                        TrialStatus.Pruned => $"trial #{trial.Number} pruned: {trial.Reason}",
                        _ => $"trial #{trial.Number} failed: {trial.Reason}",
                    });
                }

                seen[trial.Number] = (trial.Status, steps);
            }

            if (status.BestTrial is { } number && number != best)
            {
                best = number;
                Print($"best so far: #{number} {spec?.Metric ?? "value"}={TrialText.Value(status.BestValue)}");
            }

            if (status.IsFinished)
            {
                return status;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Redraws a table of the running (and latest finished) trials in place until the experiment ends.</summary>
    static async Task<ExperimentStatus> LiveAsync(IExperimentGrain grain, ExperimentSpec? spec, CancellationToken cancellationToken)
    {
        var status = await grain.GetStatus();
        var table = Render(status, spec, await grain.GetTrials());
        await Terminal.Out.Live(table).AutoClear(false).StartAsync(async context =>
        {
            while (!status.IsFinished)
            {
                await Task.Delay(PollInterval, cancellationToken);
                status = await grain.GetStatus();
                context.UpdateTarget(Render(status, spec, await grain.GetTrials()));
                context.Refresh();
            }
        });
        return status;
    }

    static Table Render(ExperimentStatus status, ExperimentSpec? spec, ImmutableArray<TrialInfo> trials)
    {
        var epochs = Math.Max(spec?.Epochs ?? 1, 1);
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(status.Name)}[/] {TrialText.Phase(status.Phase)}")
            .AddColumn("trial").AddColumn("state").AddColumn("epochs").AddColumn(new TableColumn(Markup.Escape(spec?.Metric ?? "value")).RightAligned()).AddColumn("parameters");
        var running = trials.Where(t => t.Status == TrialStatus.Running);
        var finished = trials.Where(t => t.Status != TrialStatus.Running).TakeLast(FinishedRowsShown);
        foreach (var trial in finished.Concat(running))
        {
            var steps = trial.IntermediateValues.IsDefault ? 0 : trial.IntermediateValues.Length;
            var last = trial.Value ?? (steps > 0 ? trial.IntermediateValues[^1].Value : (double?)null);
            var mark = trial.Number == status.BestTrial ? "[bold yellow]*[/]" : " ";
            table.AddRow(
                $"{mark}#{trial.Number}",
                State(trial.Status),
                trial.Status == TrialStatus.Running ? Bar(steps, epochs) : $"{steps}/{epochs}",
                TrialText.Value(last),
                Markup.Escape(TrialText.Params(trial)));
        }

        var best = status.BestTrial is { } b ? $"best so far: #{b} {TrialText.Value(status.BestValue)}" : "best so far: -";
        return table.Caption(
            $"{status.Complete} complete, {status.Pruned} pruned, {status.Failed} failed, {status.Running} running of {status.BudgetTrials}   {Markup.Escape(best)}");
    }

    static string State(TrialStatus status) => status switch
    {
        TrialStatus.Running => "[blue]running[/]",
        TrialStatus.Complete => "[green]complete[/]",
        TrialStatus.Pruned => "[grey]pruned[/]",
        _ => "[red]failed[/]",
    };

    static string Bar(int steps, int epochs)
    {
        var filled = Math.Clamp((int)Math.Round(BarWidth * (double)steps / epochs), 0, BarWidth);
        return $"[green]{new string('━', filled)}[/][grey]{new string('━', BarWidth - filled)}[/] {steps}/{epochs}";
    }

    static void Print(string line) => Terminal.Out.WriteLine(line);
}
