using System.Collections.Immutable;

namespace BigDL.Grains;

/// <summary>
/// An AutoML experiment (an Optuna study run by grains), keyed by its name: it samples parameters, starts trial grains up
/// to the spec's parallelism, hears their per-epoch values, prunes, retries trials lost to a dead silo and persists its
/// study after every trial change, so it resumes after a restart with no complete trial lost.
/// </summary>
[Alias("BigDL.Grains.IExperimentGrain")]
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Validates <paramref name="spec"/> (throwing <see cref="ExperimentSpecException"/> naming the field) and starts the experiment.</summary>
    /// <exception cref="InvalidOperationException">The experiment was already submitted.</exception>
    Task Start(ExperimentSpec spec);

    /// <summary>Reads a spec in its JSON form (<see cref="ExperimentSpecJson"/>) and starts the experiment.</summary>
    Task Submit(string specJson);

    /// <summary>Gets the experiment's progress.</summary>
    Task<ExperimentStatus> GetStatus();

    /// <summary>Gets the submitted spec, or null.</summary>
    Task<ExperimentSpec?> GetSpec();

    /// <summary>Gets every trial so far, in number order.</summary>
    Task<ImmutableArray<TrialInfo>> GetTrials();

    /// <summary>Gets the complete trial with the best objective value, or null when none is complete or the study has several objectives.</summary>
    Task<TrialInfo?> GetBestTrial();

    /// <summary>Gets the complete trials on the Pareto front, in number order (Optuna's <c>best_trials</c>; the best trial alone when there is one objective).</summary>
    Task<ImmutableArray<TrialInfo>> GetBestTrials();

    /// <summary>Gets each parameter's share of the (first) objective's variance over complete trials by fANOVA, largest first.</summary>
    Task<ImmutableArray<ParameterImportance>> GetParameterImportance();

    /// <summary>Gets parameter importance for objective <paramref name="objective"/> (0-based, in the spec's order).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The study has no such objective.</exception>
    Task<ImmutableArray<ParameterImportance>> GetParameterImportanceOf(int objective);

    /// <summary>Starts no new trials until <see cref="Resume"/>; running trials finish.</summary>
    Task Pause();

    /// <summary>Starts trials again after <see cref="Pause"/>.</summary>
    Task Resume();

    /// <summary>Stops the experiment: running trials are told to stop and end failed with reason "cancelled".</summary>
    Task Cancel();

    /// <summary>Sends each trial change to <paramref name="observer"/> until <see cref="Unsubscribe"/> (or a few minutes without renewal).</summary>
    Task Subscribe(IExperimentObserver observer);

    /// <summary>Stops sending trial changes to <paramref name="observer"/>.</summary>
    Task Unsubscribe(IExperimentObserver observer);

    /// <summary>Called by a trial after each epoch; returns true when the trial must stop (pruned or cancelled).</summary>
    Task<bool> Report(int number, int attempt, int epoch, double value);

    /// <summary>Called by a trial of a multi-objective study after each epoch with one value per objective; true means stop.</summary>
    Task<bool> ReportValues(int number, int attempt, int epoch, ImmutableArray<double> values);

    /// <summary>Called by a trial when it ends.</summary>
    Task Finish(TrialResult result);
}

/// <summary>Receives an experiment's trial changes (live updates for dashboards and the command line).</summary>
[Alias("BigDL.Grains.IExperimentObserver")]
public interface IExperimentObserver : IGrainObserver
{
    /// <summary>A trial started, reported a value or finished.</summary>
    /// <remarks>
    /// One-way: the experiment does not wait for its watchers. A client observer that is gone (its process died, or it was
    /// garbage collected, as Orleans holds observers weakly) never answers, and the experiment's trials stalled on it for
    /// the response timeout.
    /// </remarks>
    [OneWay]
    Task OnTrialChanged(string experiment, TrialInfo trial);
}
