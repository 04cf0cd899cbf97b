using System.CommandLine;
using BigDL.Grains;
using BigDL.Silo.Commands.Cli;

namespace BigDL.Silo.Commands.Experiments;

/// <summary><c>bigdl experiment watch name</c>: follows an experiment live until it ends, then prints the best trial.</summary>
internal static class ExperimentWatchCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The experiment to watch." };
        var gateway = new GatewayFlags();
        var command = new Command(
            "watch",
            "Follow an experiment until it ends: a live table with a progress bar per running trial and the best so far (one line per event when piped); then the best trial. Exits 0 when it completed, 1 when it was cancelled.")
        {
            name,
        };
        gateway.AddTo(command);
        CliAction.Set(command, async (result, cancellationToken) =>
        {
            await using var client = await gateway.ConnectAsync(result, cancellationToken);
            var status = await ExperimentWatcher.WatchAsync(client, result.GetValue(name)!, cancellationToken);
            return status.Phase == ExperimentPhase.Completed ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }
}
