using BigDL.Grains;
using BigDL.Silo.Commands.Cli;

namespace BigDL.Silo.Commands.Experiments;

/// <summary>Finds an experiment the user named, or fails the command saying how to list the ones there are.</summary>
internal static class ExistingExperiment
{
    /// <exception cref="CliException">There is no such experiment.</exception>
    public static async Task<(IExperimentGrain Grain, ExperimentStatus Status)> GetAsync(IGrainFactory grains, string name)
    {
        var grain = grains.GetGrain<IExperimentGrain>(name);
        var status = await grain.GetStatus();
        return status.Phase == ExperimentPhase.None
            ? throw new CliException($"experiment '{name}' does not exist; 'bigdl experiment list' shows the experiments there are.")
            : (grain, status);
    }
}
