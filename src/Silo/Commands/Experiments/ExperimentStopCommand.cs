using System.CommandLine;
using BigDL.Grains;
using BigDL.Silo.Commands.Cli;
using Spectre.Console;

namespace BigDL.Silo.Commands.Experiments;

/// <summary><c>bigdl experiment stop name</c>: cancels an experiment; its running trials are told to stop.</summary>
internal static class ExperimentStopCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The experiment to stop." };
        var gateway = new GatewayFlags();
        var command = new Command("stop", "Stop an experiment: no new trials start and running ones are told to stop (complete trials and their models are kept).") { name };
        gateway.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var experiment = result.GetValue(name)!;
            await using var client = await gateway.ConnectAsync(result, cancellationToken);
            var (grain, status) = await ExistingExperiment.GetAsync(client, experiment);

            if (status.IsFinished)
            {
                Terminal.Out.WriteLine($"experiment {experiment} is already {TrialText.Phase(status.Phase)}");
                return ExitCodes.Ok;
            }

            await grain.Cancel();

            // It may have finished on its own between the two calls; Cancel then changes nothing.
            var after = await grain.GetStatus();
            Terminal.Out.WriteLine(after.Phase == ExperimentPhase.Cancelled
                ? $"experiment {experiment} stopped: {after.Complete} complete, {after.Pruned} pruned, {after.Failed} failed or cancelled"
                : $"experiment {experiment} is already {TrialText.Phase(after.Phase)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
