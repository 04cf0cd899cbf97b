using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using BigDL.Compute.Tuning.MultiObjective;

namespace BigDL.Grains;

/// <summary>The run side of a campaign: starting warm-started experiments and reading back what they found.</summary>
public sealed partial class CampaignGrain
{
    /// <summary>Starts the next run's experiment, giving it the best parameters of earlier runs to try first.</summary>
    async Task StartRunAsync(DateTime now)
    {
        var s = state.State;
        var template = s.Spec!.Experiment; // runs start only while the campaign exists
        var warm = WarmStartParams(template);
        var number = s.Runs.Count == 0 ? 1 : s.Runs[^1].Number + 1;
        // A name left by a deleted campaign of the same name is taken: the experiment grain refuses a second Start.
        while (await GrainFactory.GetGrain<IExperimentGrain>(ExperimentName(number)).GetSpec() is not null)
        {
            number++;
        }

        var name = ExperimentName(number);
        try
        {
            await GrainFactory.GetGrain<IExperimentGrain>(name).Start(template with { Name = name, EnqueuedTrials = warm.Length == 0 ? null : EnqueuedJson(warm) });
        }
        catch (Exception e) when (e is ExperimentSpecException or InvalidOperationException)
        {
            // E.g. the template's model type is no longer registered on this host: this occurrence is lost, the next may work.
            LogRunFailed(logger, e, Name, name);
            return;
        }

        s.Runs.Add(new CampaignRun(number, name, now, null, null, ImmutableDictionary<string, string>.Empty, warm.Length));
        LogRunStarted(logger, Name, name, warm.Length);
    }

    string ExperimentName(int number) => $"{Name}-{number}";

    /// <summary>Writes parameter sets as the experiment's enqueued-trials JSON: numbers where the text is one, else strings.</summary>
    static string EnqueuedJson(ImmutableArray<ImmutableDictionary<string, string>> sets)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var set in sets)
            {
                writer.WriteStartObject();
                foreach (var (name, text) in set)
                {
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
                    {
                        writer.WriteNumber(name, number);
                    }
                    else
                    {
                        writer.WriteString(name, text);
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The best parameters of earlier runs, best first, without repeats; at most half the trial budget, so the sampler
    /// still explores (a campaign of many runs would otherwise spend whole runs re-testing old bests). A multi-objective
    /// campaign takes the Pareto fronts of its runs instead (<see cref="FrontParams"/>).
    /// </summary>
    ImmutableArray<ImmutableDictionary<string, string>> WarmStartParams(ExperimentSpec template)
    {
        var limit = Math.Max(1, template.Budget.Trials / 2);
        if (template.IsMultiObjective)
        {
            return FrontParams(template, limit);
        }

        var runs = state.State.Runs.Where(r => r.BestValue is not null && r.BestParams.Count > 0);
        var ordered = template.Maximize ? runs.OrderByDescending(r => r.BestValue) : runs.OrderBy(r => r.BestValue);
        var chosen = new List<ImmutableDictionary<string, string>>();
        foreach (var run in ordered)
        {
            if (chosen.Count < limit && !chosen.Any(c => SameParams(c, run.BestParams)))
            {
                chosen.Add(run.BestParams);
            }
        }

        return [.. chosen];
    }

    /// <summary>
    /// The parameters of the Pareto front over every earlier run's front: the members no member of another run dominates,
    /// newest run first, each parameter set once. Past <paramref name="limit"/>, the most isolated members (largest
    /// crowding distance, as NSGA-II keeps them; the extremes of each objective first) are kept, so the warm start covers
    /// the front rather than one end of it.
    /// </summary>
    ImmutableArray<ImmutableDictionary<string, string>> FrontParams(ExperimentSpec template, int limit)
    {
        var directions = ExperimentSpecValidator.Directions(template);
        var pool = Enumerable.Reverse(state.State.Runs)
            .SelectMany(r => r.BestTrials.IsDefault ? [] : r.BestTrials)
            .Where(t => t.Values.Length == directions.Length && t.Params.Count > 0)
            .ToList();
        var front = new List<CampaignTrial>();
        foreach (var member in pool)
        {
            if (!pool.Any(other => Pareto.Dominates(other.Values, member.Values, directions)) && !front.Any(f => SameParams(f.Params, member.Params)))
            {
                front.Add(member);
            }
        }

        if (front.Count > limit)
        {
            var crowding = Pareto.CrowdingDistance([.. front.Select(f => f.Values.ToArray())]);
            front = [.. front.Select((f, i) => (f, i)).OrderByDescending(x => crowding[x.i]).ThenBy(x => x.i).Take(limit).Select(x => x.f)];
        }

        return [.. front.Select(f => f.Params)];
    }

    static bool SameParams(ImmutableDictionary<string, string> a, ImmutableDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    static bool SameFront(ImmutableArray<CampaignTrial> a, ImmutableArray<CampaignTrial> b) =>
        (a.IsDefault ? 0 : a.Length) == (b.IsDefault ? 0 : b.Length)
        && (a.IsDefault || a.Zip(b).All(p => p.First.Values.SequenceEqual(p.Second.Values) && SameParams(p.First.Params, p.Second.Params)));

    static ImmutableDictionary<string, string> Texts(ImmutableDictionary<string, object?> values) =>
        values.ToImmutableDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal);

    /// <summary>Reads the best trial of every unfinished run from its experiment; writes the state when a run changed.</summary>
    async Task RefreshRunsAsync()
    {
        var runs = state.State.Runs;
        var changed = false;
        for (var i = 0; i < runs.Count; i++)
        {
            if (runs[i].FinishedAt is not null)
            {
                continue;
            }

            var experiment = GrainFactory.GetGrain<IExperimentGrain>(runs[i].Experiment);
            var status = await experiment.GetStatus();
            var best = await experiment.GetBestTrial(); // null in a multi-objective study
            var front = state.State.Spec!.Experiment.IsMultiObjective ? await experiment.GetBestTrials() : [];
            var updated = runs[i] with
            {
                FinishedAt = status.IsFinished ? status.FinishedAt ?? DateTime.UtcNow : null,
                BestValue = best?.Value,
                BestParams = best is null ? ImmutableDictionary<string, string>.Empty : Texts(best.Params),
                BestTrials = [.. front.Select(t => new CampaignTrial(t.Values, Texts(t.Params)))],
            };
            // Compared by field: the record's own equality sees a rebuilt dictionary as a change.
            if (updated.FinishedAt != runs[i].FinishedAt || updated.BestValue != runs[i].BestValue || !SameParams(updated.BestParams, runs[i].BestParams)
                || !SameFront(updated.BestTrials, runs[i].BestTrials))
            {
                runs[i] = updated;
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }
    }
}
