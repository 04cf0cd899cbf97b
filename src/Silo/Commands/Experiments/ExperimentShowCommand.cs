using System.CommandLine;
using BigDL.Grains;
using BigDL.Silo.Commands.Cli;
using Spectre.Console;

namespace BigDL.Silo.Commands.Experiments;

/// <summary><c>bigdl experiment show name</c>: an experiment's spec summary, every trial and the best one.</summary>
internal static class ExperimentShowCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The experiment to show." };
        var gateway = new GatewayFlags();
        var command = new Command("show", "Show an experiment: phase, objective, sampler, pruner, every trial with its value and parameters, and the best trial.") { name };
        gateway.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var experiment = result.GetValue(name)!;
            await using var client = await gateway.ConnectAsync(result, cancellationToken);
            var (grain, status) = await ExistingExperiment.GetAsync(client, experiment);

            var spec = await grain.GetSpec();
            var o = Terminal.Out;
            o.WriteLine($"experiment: {experiment}");
            o.WriteLine($"phase: {TrialText.Phase(status.Phase)} ({status.Complete} complete, {status.Pruned} pruned, {status.Failed} failed, {status.Running} running of {status.BudgetTrials})");
            if (spec is not null)
            {
                o.WriteLine($"objective: {TrialText.Objectives(spec)}");
                o.WriteLine($"model: {spec.Model.Type}, replicas {spec.Model.Replicas}; dataset: {spec.Dataset.Type}, {spec.Dataset.Rows} rows x {spec.Dataset.Features} features, {spec.Dataset.Classes} classes");
                o.WriteLine($"sampler: {spec.Sampler}; pruner: {spec.Pruner ?? "none"}; epochs: {spec.Epochs}; parallelism: {spec.Parallelism}");
            }

            var table = new Table().Border(TableBorder.Simple)
                .AddColumn("trial").AddColumn("state").AddColumn("epochs").AddColumn(new TableColumn("value").RightAligned()).AddColumn("parameters").AddColumn("reason");
            foreach (var t in await grain.GetTrials())
            {
                table.AddRow(
                    $"#{t.Number}",
                    t.Status.ToString().ToLowerInvariant(),
                    (t.IntermediateValues.IsDefault ? 0 : t.IntermediateValues.Length).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    TrialText.Value(t.Value),
                    Markup.Escape(TrialText.Params(t)),
                    Markup.Escape(t.Reason ?? ""));
            }

            o.Write(table);
            o.WriteLine(TrialText.Best(spec, await grain.GetBestTrials()));
            return ExitCodes.Ok;
        });
        return command;
    }
}
