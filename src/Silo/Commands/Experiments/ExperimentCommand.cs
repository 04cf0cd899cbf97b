using System.CommandLine;

namespace BigDL.Silo.Commands.Experiments;

/// <summary>The <c>bigdl experiment</c> group: submit, watch, list, show and stop AutoML experiments.</summary>
internal static class ExperimentCommand
{
    public static Command Create() => new("experiment", "Submit, watch, list, show and stop AutoML experiments on a cluster.")
    {
        ExperimentSubmitCommand.Create(),
        ExperimentWatchCommand.Create(),
        ExperimentListCommand.Create(),
        ExperimentShowCommand.Create(),
        ExperimentStopCommand.Create(),
    };
}
