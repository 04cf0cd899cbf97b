using System.Text.Json;
using BigDL.Compute.Tuning;
using BigDL.Compute.Tuning.Samplers.Tpe;
using BigDL.Compute.Tuning.Spec;

namespace BigDL.Compute.Tests.Tuning;

/// <summary>Samplers keep no state of their own: a stored history and a rebuilt sampler propose what the live one would.</summary>
public class PersistenceTests
{
    [Fact]
    public void A_study_snapshot_round_trips_through_json()
    {
        var study = Study.Create();
        study.Optimize(Objective, 5);
        var json = JsonSerializer.Serialize(study.Snapshot, TuningJson.Options);
        var back = JsonSerializer.Deserialize<StudySnapshot>(json, TuningJson.Options)!;
        Assert.Equal(study.Trials.Length, back.Trials.Length);
        for (var i = 0; i < back.Trials.Length; i++)
        {
            Assert.Equal(study.Trials[i].Params, back.Trials[i].Params);
            Assert.Equal(study.Trials[i].Distributions, back.Trials[i].Distributions);
            Assert.Equal(study.Trials[i].Values.ToArray(), back.Trials[i].Values.ToArray());
        }
    }

    [Fact]
    public void A_rebuilt_sampler_on_a_reloaded_history_proposes_the_same_next_point()
    {
        var live = Study.Create(sampler: new TpeSampler(9));
        live.Optimize(Objective, 15);
        var stored = JsonSerializer.Serialize(live.Snapshot, TuningJson.Options);

        var restarted = Study.Create(sampler: new TpeSampler(9));
        foreach (var t in JsonSerializer.Deserialize<StudySnapshot>(stored, TuningJson.Options)!.Trials)
        {
            restarted.AddTrial(t);
        }

        var a = live.Ask();
        var b = restarted.Ask();
        Assert.Equal(a.SuggestFloat("x", -2, 2), b.SuggestFloat("x", -2, 2));
        Assert.Equal(a.SuggestCategorical("c", new[] { "p", "q", "r" }), b.SuggestCategorical("c", new[] { "p", "q", "r" }));
    }

    static double Objective(Trial t) =>
        Math.Abs(t.SuggestFloat("x", -2, 2)) + (t.SuggestCategorical("c", new[] { "p", "q", "r" }) == "q" ? 0 : 1) + t.SuggestInt("n", 1, 64, log: true);
}
