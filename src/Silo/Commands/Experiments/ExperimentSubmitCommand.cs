using System.CommandLine;
using BigDL.Grains;
using BigDL.Silo.Commands.Cli;
using Spectre.Console;

namespace BigDL.Silo.Commands.Experiments;

/// <summary><c>bigdl experiment submit spec.json</c>: validates a spec and starts the experiment on the cluster.</summary>
internal static class ExperimentSubmitCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("spec") { Description = "The experiment spec, a JSON file (model, dataset, searchSpace, sampler, pruner, budget, parallelism, epochs)." };
        var name = new Option<string?>("--name") { Description = "The experiment's name (default: the spec's \"name\"); it must be new." };
        var watch = new Option<bool>("--watch") { Description = "Watch the experiment to its end after submitting it." };
        var gateway = new GatewayFlags();
        var command = new Command("submit", "Submit an experiment spec; prints the experiment's name.") { file, name, watch };
        gateway.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!; // a required argument
            var spec = SpecFile.Read(path);
            var experiment = result.GetValue(name) is { Length: > 0 } given ? given : spec.Name;
            if (string.IsNullOrWhiteSpace(experiment))
            {
                throw new CliException($"{path}: the spec has no \"name\"; add one or pass --name.", ExitCodes.Usage);
            }

            await using var client = await gateway.ConnectAsync(result, cancellationToken);
            try
            {
                await client.GetGrain<IExperimentGrain>(experiment).Start(spec with { Name = experiment });
            }
            catch (ExperimentSpecException e)
            {
                throw new CliException($"{path}: {e.Message}; fix the spec and submit it again.", e);
            }

            Terminal.Out.WriteLine($"submitted experiment {experiment}: {spec.Budget.Trials} trials, {spec.Parallelism} at a time");
            if (!result.GetValue(watch))
            {
                Terminal.Out.WriteLine($"watch it with: bigdl experiment watch {experiment}");
                return ExitCodes.Ok;
            }

            var status = await ExperimentWatcher.WatchAsync(client, experiment, cancellationToken);
            return status.Phase == ExperimentPhase.Completed ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
