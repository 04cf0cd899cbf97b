using BigDL.Compute.Nn;
using BigDL.Compute.Optim;

namespace BigDL.Compute.Tests.Optim;

public class OptimizerTests
{
    // Hand computations below are in double; float32 updates agree to ~1e-7 relative, hence 1e-6 tolerances.
    [Fact]
    public void Sgd_with_momentum_and_weight_decay_matches_a_hand_computed_step()
    {
        var p = new float[] { 1, -2 };
        var opt = new Sgd(0.1f, momentum: 0.9f, weightDecay: 0.01f);
        opt.Step(p, [0.5f, 1]);

        // step 1: g = g + wd·p = [0.51, 0.98]; buf = g; p −= 0.1·g
        Assert.Equal(1 - 0.1 * 0.51, p[0], 6);
        Assert.Equal(-2 - 0.1 * 0.98, p[1], 6);
        var p1 = p[0];
        opt.Step(p, [0.5f, 1]);

        // step 2: g = 0.5 + 0.01·p1; buf = 0.9·0.51 + g
        var g = 0.5 + 0.01 * p1;
        Assert.Equal(p1 - 0.1 * (0.9 * 0.51 + g), p[0], 6);
    }

    [Fact]
    public void Sgd_with_nesterov_adds_the_look_ahead_momentum()
    {
        var p = new float[] { 1 };
        var opt = new Sgd(0.1f, momentum: 0.5f, nesterov: true);
        opt.Step(p, [2]);
        Assert.Equal(1 - 0.1 * (2 + 0.5 * 2), p[0], 6);
        opt.Step(p, [2]);
        var buf = 0.5 * 2 + 2;
        Assert.Equal(1 - 0.1 * 3 - 0.1 * (2 + 0.5 * buf), p[0], 6);
    }

    [Fact]
    public void Adam_matches_hand_computed_steps()
    {
        var p = new float[] { 0.5f };
        var opt = new Adam(0.01f);
        opt.Step(p, [0.2f]);

        // Step 1 of Adam moves by lr·sign(g) up to ε: m̂ = g, v̂ = g².
        Assert.Equal(0.5 - 0.01 * 0.2 / (0.2 + 1e-8), p[0], 6);
        opt.Step(p, [-0.1f]);
        double m = 0.9 * 0.1 * 0.2 + 0.1 * -0.1, v = 0.999 * 0.001 * 0.04 + 0.001 * 0.01;
        var mHat = m / (1 - 0.81);
        var vHat = v / (1 - 0.999 * 0.999);
        Assert.Equal(0.49 - 0.01 * mHat / (Math.Sqrt(vHat) + 1e-8), p[0], 6);
    }

    [Fact]
    public void AdamW_decays_the_weights_rather_than_the_gradient()
    {
        var p = new float[] { 2 };
        new AdamW(0.1f, weightDecay: 0.5f).Step(p, [0.3f]);

        // p·(1 − lr·wd) then the Adam step (lr·sign(g) at step 1).
        Assert.Equal(2 * (1 - 0.05) - 0.1, p[0], 5);

        var q = new float[] { 2 };
        new Adam(0.1f, weightDecay: 0.5f).Step(q, [0.3f]);
        Assert.Equal(2 - 0.1, q[0], 5); // L2 folds into g = 1.3: still one lr-sized step at step 1
    }

    [Fact]
    public void Lars_scales_each_segment_by_its_trust_ratio()
    {
        var p = new float[] { 3, 4, 1 };
        var g = new float[] { 0, 1, 1 };
        var opt = new Lars(1, momentum: 0, trust: 0.1f, segments: [(0, 2), (2, 1)]);
        opt.Step(p, g);

        // segment 0: ‖w‖ = 5, ‖g‖ = 1 → local lr 0.5; segment 1: ‖w‖ = 1, ‖g‖ = 1 → 0.1.
        Assert.Equal(3, p[0], 6);
        Assert.Equal(4 - 0.5, p[1], 6);
        Assert.Equal(1 - 0.1, p[2], 6);
    }

    [Fact]
    public void An_optimizer_on_a_slice_updates_exactly_what_the_whole_buffer_optimizer_updates_there()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 100).Select(_ => (float)random.NextDouble()).ToArray();
        var grads = Enumerable.Range(0, 100).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var whole = (float[])values.Clone();
        var sharded = (float[])values.Clone();
        var full = new Adam(0.01f);
        var shards = new[] { new Adam(0.01f), new Adam(0.01f) };
        for (var step = 0; step < 3; step++)
        {
            full.Step(whole, grads, 0, 100);
            shards[0].Step(sharded, grads, 0, 37);
            shards[1].Step(sharded, grads, 37, 63);
        }

        Assert.Equal(whole, sharded);
        Assert.NotEqual(values, whole);
    }

    [Fact]
    public void Segments_in_a_slice_are_clipped_to_it()
    {
        var set = new ParameterSet();
        set.Add("a", [20], Init.Zeros); // occupies [0, 20), padded to 32
        set.Add("b", [10], Init.Zeros); // [32, 42)
        Assert.Equal([(0, 10), (22, 5)], set.SegmentsIn(10, 27));
    }

    [Fact]
    public void Schedules_follow_their_definitions()
    {
        Assert.Equal(0.01f, new StepSchedule(0.1f, 10, 0.1f).At(10), 6);
        Assert.Equal(0.1f, new StepSchedule(0.1f, 10, 0.1f).At(9), 6);
        Assert.Equal(0.05f, new CosineSchedule(0.1f, 100).At(50), 6);
        var warm = new WarmupSchedule(new ConstantSchedule(0.4f), 4);
        Assert.Equal(0f, warm.At(0), 6);
        Assert.Equal(0.2f, warm.At(2), 6);
        Assert.Equal(0.4f, warm.At(4), 6);
        Assert.Equal(0.8f, LearningRateSchedule.LinearScaling(0.1f, 256, 2048), 6);

        var opt = new Sgd(1) { Schedule = warm };
        var p = new float[] { 0 };
        opt.Step(p, [1]);
        Assert.Equal(0f, p[0]); // warm-up step 0 uses rate 0
    }

    [Fact]
    public void Clipping_by_norm_scales_to_the_limit_and_reports_the_original_norm()
    {
        var g = new float[] { 3, 4 };
        Assert.Equal(5, GradientClipping.ClipByNorm(g, 1), 5);
        Assert.Equal(0.6f, g[0], 5);
        Assert.Equal(0.8f, g[1], 5);
        var small = new float[] { 0.3f, 0.4f };
        GradientClipping.ClipByNorm(small, 1);
        Assert.Equal(0.3f, small[0]);
    }

    [Fact]
    public void An_optimizer_resumed_from_its_state_continues_exactly()
    {
        var grads = new float[] { 0.3f, -0.2f, 0.1f };
        var a = new float[] { 1, 2, 3 };
        var original = new Adam(0.05f);
        original.Step(a, grads);
        original.Step(a, grads);

        // Checkpoint: step count and state buffers; resume into a fresh optimizer.
        var resumed = new Adam(0.05f);
        resumed.RestoreSteps(original.Steps, original.Length);
        for (var i = 0; i < original.State.Count; i++)
        {
            Assert.Equal(original.State[i].Name, resumed.State[i].Name);
            original.State[i].Values.CopyTo(resumed.State[i].Values, 0);
        }

        var b = (float[])a.Clone();
        original.Step(a, grads);
        resumed.Step(b, grads);
        Assert.Equal(a, b);
        Assert.Equal(3, resumed.Steps);
    }
}
