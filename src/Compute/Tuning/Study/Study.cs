using System.Collections.Immutable;
using BigDL.Compute.Tuning.Distributions;
using BigDL.Compute.Tuning.MultiObjective;
using BigDL.Compute.Tuning.Pruners;
using BigDL.Compute.Tuning.Samplers;
using BigDL.Compute.Tuning.Samplers.Tpe;

namespace BigDL.Compute.Tuning;

/// <summary>
/// An in-memory study (Optuna's Study): ask/tell or <see cref="Optimize"/>. Thread-safe, so several workers may run
/// trials at once. The experiment grain drives samplers and pruners through the same <see cref="StudySnapshot"/>s.
/// </summary>
public sealed class Study
{
    readonly Lock _gate = new();
    StudySnapshot _snapshot;

    Study(ImmutableArray<StudyDirection> directions, ISampler sampler, IPruner pruner)
    {
        _snapshot = new StudySnapshot(directions, []);
        Sampler = sampler;
        Pruner = pruner;
    }

    /// <summary>The sampler proposing parameters.</summary>
    public ISampler Sampler { get; }

    /// <summary>The pruner answering <see cref="Trial.ShouldPrune"/>.</summary>
    public IPruner Pruner { get; }

    /// <summary>Creates a single-objective study (TPE and no pruning unless given).</summary>
    public static Study Create(StudyDirection direction = StudyDirection.Minimize, ISampler? sampler = null, IPruner? pruner = null) =>
        new([direction], sampler ?? new TpeSampler(), pruner ?? new NopPruner());

    /// <summary>Creates a study with one direction per objective.</summary>
    public static Study Create(IReadOnlyList<StudyDirection> directions, ISampler? sampler = null, IPruner? pruner = null)
    {
        ArgumentNullException.ThrowIfNull(directions);
        if (directions.Count == 0)
        {
            throw new ArgumentException("a study needs at least one direction", nameof(directions));
        }

        return new([.. directions], sampler ?? (directions.Count > 1 ? new RandomSampler() : new TpeSampler()), pruner ?? new NopPruner());
    }

    /// <summary>The study as an immutable snapshot.</summary>
    public StudySnapshot Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _snapshot;
            }
        }
    }

    /// <summary>Every trial so far, in number order.</summary>
    public ImmutableArray<FrozenTrial> Trials => Snapshot.Trials;

    /// <summary>The best complete trial (single objective); throws when none has completed.</summary>
    public FrozenTrial BestTrial => Snapshot.BestTrial ?? throw new InvalidOperationException("no trial has completed");

    /// <summary>The best objective value.</summary>
    public double BestValue => BestTrial.Value!.Value;

    /// <summary>The best trial's parameters.</summary>
    public IReadOnlyDictionary<string, object?> BestParams => BestTrial.Params;

    /// <summary>The Pareto-optimal complete trials (multi-objective).</summary>
    public IReadOnlyList<FrozenTrial> BestTrials => Pareto.BestTrials(Snapshot);

    /// <summary>Starts a trial: records it as running and lets the sampler sample its relative search space.</summary>
    public Trial Ask()
    {
        FrozenTrial frozen;
        StudySnapshot view;
        lock (_gate)
        {
            frozen = FrozenTrial.CreateRunning(_snapshot.Trials.Length);
            _snapshot = _snapshot.WithTrial(frozen);
            view = _snapshot;
        }

        Sampler.BeforeTrial(view, frozen);
        var space = Sampler.InferRelativeSearchSpace(view, frozen);
        var relative = space.Count == 0 ? new Dictionary<string, double>() : Sampler.SampleRelative(view, frozen, space);
        return new Trial(this, frozen.Number, space, relative);
    }

    /// <summary>Finishes a trial with its objective value (a NaN value fails it, as in Optuna).</summary>
    public FrozenTrial Tell(Trial trial, double value) => Tell(trial, [value]);

    /// <summary>Finishes a trial with one value per objective.</summary>
    public FrozenTrial Tell(Trial trial, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(values);
        var directions = Snapshot.Directions.Length;
        if (values.Count != directions)
        {
            throw new ArgumentException($"expected {directions} values, got {values.Count}", nameof(values));
        }

        var failed = values.Any(double.IsNaN);
        return Finish(trial.Number, failed ? TrialState.Fail : TrialState.Complete, failed ? [] : [.. values]);
    }

    /// <summary>Finishes a trial as pruned or failed.</summary>
    public FrozenTrial Tell(Trial trial, TrialState state)
    {
        ArgumentNullException.ThrowIfNull(trial);
        if (state is not (TrialState.Pruned or TrialState.Fail))
        {
            throw new ArgumentException("tell a complete trial with its values", nameof(state));
        }

        return Finish(trial.Number, state, []);
    }

    /// <summary>Runs <paramref name="nTrials"/> trials of the objective one after another; a <see cref="TrialPrunedException"/> marks a trial pruned.</summary>
    public void Optimize(Func<Trial, double> objective, int nTrials)
    {
        ArgumentNullException.ThrowIfNull(objective);
        for (var i = 0; i < nTrials; i++)
        {
            var trial = Ask();
            double value;
            try
            {
                value = objective(trial);
            }
            catch (TrialPrunedException)
            {
                Tell(trial, TrialState.Pruned);
                continue;
            }
            catch
            {
                Tell(trial, TrialState.Fail);
                throw;
            }

            Tell(trial, value);
        }
    }

    /// <summary>Adds a finished trial from elsewhere (a warm start from an earlier experiment); it is renumbered to the next number.</summary>
    public FrozenTrial AddTrial(FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        lock (_gate)
        {
            var added = trial with { Number = _snapshot.Trials.Length };
            _snapshot = _snapshot.WithTrial(added);
            return added;
        }
    }

    internal FrozenTrial TrialSnapshot(int number) => Snapshot.Trials[number];

    internal object? SuggestFor(int number, string name, Distribution distribution, IReadOnlyDictionary<string, Distribution> relativeSpace, IReadOnlyDictionary<string, double> relative)
    {
        var view = Snapshot;
        var frozen = view.Trials[number];
        if (frozen.State != TrialState.Running)
        {
            throw new InvalidOperationException($"trial {number} is finished");
        }

        if (frozen.InternalParams.TryGetValue(name, out var existing))
        {
            return frozen.Distributions[name].ToExternal(existing);
        }

        double value;
        if (distribution.IsSingle)
        {
            value = distribution.ToInternal(distribution switch
            {
                FloatDistribution f => f.Low,
                IntDistribution i => i.Low,
                CategoricalDistribution c => c.Choices[0],
                _ => throw new NotSupportedException(distribution.GetType().Name),
            });
        }
        else if (relativeSpace.TryGetValue(name, out var rd) && rd.Equals(distribution) && relative.TryGetValue(name, out var rv))
        {
            value = rv;
        }
        else
        {
            value = Sampler.SampleIndependent(view, frozen, name, distribution);
        }

        lock (_gate)
        {
            _snapshot = _snapshot.WithTrial(_snapshot.Trials[number].WithParam(name, distribution, value));
        }

        return distribution.ToExternal(value);
    }

    internal void ReportFor(int number, double value, int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        lock (_gate)
        {
            _snapshot = _snapshot.WithTrial(_snapshot.Trials[number].WithIntermediate(step, value));
        }
    }

    internal bool ShouldPruneFor(int number)
    {
        var view = Snapshot;
        return Pruner.Prune(view, view.Trials[number]);
    }

    FrozenTrial Finish(int number, TrialState state, ImmutableArray<double> values)
    {
        FrozenTrial done;
        StudySnapshot view;
        lock (_gate)
        {
            var current = _snapshot.Trials[number];
            if (current.State != TrialState.Running)
            {
                throw new InvalidOperationException($"trial {number} is already {current.State}");
            }

            done = current with { State = state, Values = values };
            _snapshot = _snapshot.WithTrial(done);
            view = _snapshot;
        }

        Sampler.AfterTrial(view, done);
        return done;
    }
}
