using BigDL.Compute.Losses;
using BigDL.Compute.Metrics;
using BigDL.Compute.Models;
using BigDL.Compute.Nn;
using BigDL.Compute.Optim;
using BigDL.Compute.Tensors;
using BigDL.Compute.Training;

namespace BigDL.Compute.Tests.Training;

public class TrainerTests
{
    [Fact]
    public void An_mlp_reaches_over_95_percent_on_a_generated_separable_problem()
    {
        var train = SyntheticData.Classification(3000, 10, 3, seed: 1);
        var test = SyntheticData.Classification(1000, 10, 3, seed: 2);
        var model = Mlp.Classifier(10, [32, 32], 3).Build(seed: 0);
        var result = model.Fit(train, new SoftmaxCrossEntropyLoss(), new Adam(0.01f), new FitOptions
        {
            Epochs = 15,
            BatchSize = 32,
            Validation = test,
            Metrics = [new Accuracy()],
        });
        Assert.Equal(StopReason.Completed, result.Reason);
        Assert.True(result.History[^1].Metrics["accuracy"] > 0.95, $"accuracy {result.History[^1].Metrics["accuracy"]}");
        Assert.True(result.History[^1].Loss < result.History[0].Loss);
    }

    public static TheoryData<string> Workloads => ["mlp", "ncf", "lstm", "gru", "cnn"];

    static (Model Model, Dataset Data, Loss Loss) Workload(string name)
    {
        var random = new Random(1);
        switch (name)
        {
            case "mlp":
                return (Mlp.Classifier(20, [16], 4), SyntheticData.Classification(256, 20, 4, 1), new SoftmaxCrossEntropyLoss());
            case "ncf":
                var users = new Tensor(256, 1);
                var items = new Tensor(256, 1);
                var labels = new Tensor(256, 1);
                for (var i = 0; i < 256; i++)
                {
                    users.Span[i] = random.Next(50);
                    items.Span[i] = random.Next(40);
                    labels.Span[i] = random.Next(2);
                }

                return (NeuMF.Create(50, 40, 8, [16, 8, 4]), new Dataset([users, items], labels), new BceWithLogitsLoss());
            case "gru":
                var gru = new Sequential([12, 1], new Gru(8, returnSequences: true), new LayerNorm(), new Flatten(), new BatchNorm(), new Dropout(0.1f), new Dense(1));
                return (gru, SyntheticData.SineWindows(256, 12, 1), new HuberLoss());
            case "cnn":
                var images = new Tensor(256, 1, 8, 8);
                var classes = new Tensor(256);
                for (var i = 0; i < 256; i++)
                {
                    classes.Span[i] = i % 3;
                    images.Span.Slice(i * 64, 64).Fill(i % 3);
                }

                return (SmallCnn.Create(1, 8, 8, 3, filters: 2), new Dataset(images, classes), new SoftmaxCrossEntropyLoss());
            default:
                return (LstmForecaster.Create(12, hidden: 8), SyntheticData.SineWindows(256, 12, 1), new MseLoss());
        }
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void A_warm_training_step_allocates_zero_managed_bytes(string name)
    {
        var (model, data, loss) = Workload(name);
        model.Build(seed: 1);
        var trainer = new Trainer(model, loss, new Adam(1e-3f));
        var rows = Enumerable.Range(0, 64).ToArray();
        var tail = Enumerable.Range(64, 40).ToArray(); // a short last batch must not allocate either
        for (var i = 0; i < 5; i++)
        {
            trainer.TrainStep(data, rows);
            trainer.TrainStep(data, tail);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            trainer.TrainStep(data, rows);
            trainer.TrainStep(data, tail);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{allocated} bytes allocated over 20 warm steps");
    }

    [Fact]
    public void A_loss_that_turns_nan_stops_training_with_a_result_that_says_so_and_finite_weights()
    {
        var data = SyntheticData.Classification(64, 4, 2, 1);
        var model = Mlp.Regressor(4, [8]).Build();

        // A learning rate this large drives an MSE regression to overflow within a few steps.
        var result = model.Fit(new Dataset(data.Inputs[0], data.Targets.View(64, 1)), new MseLoss(), new Sgd(1e6f), new FitOptions { Epochs = 50, BatchSize = 16 });
        Assert.Equal(StopReason.NonFiniteLoss, result.Reason);
        Assert.False(result.Succeeded);
        Assert.Contains("not applied", result.Message, StringComparison.Ordinal);
        Assert.All(model.Parameters.Values, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Nan_in_the_input_data_is_refused_naming_the_tensor_and_row()
    {
        var data = SyntheticData.Classification(10, 3, 2, 1);
        data.Inputs[0][4, 1] = float.NaN;
        var model = Mlp.Classifier(3, [4], 2);
        var e = Assert.Throws<ArgumentException>(() => model.Fit(data, new SoftmaxCrossEntropyLoss(), new Adam()));
        Assert.Contains("input 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("row 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_twice_with_the_same_seeds_gives_identical_weights()
    {
        float[] Run()
        {
            var model = Mlp.Classifier(10, [16], 3).Build(seed: 7);
            model.Fit(SyntheticData.Classification(200, 10, 3, 1), new SoftmaxCrossEntropyLoss(), new Adam(0.01f), new FitOptions { Epochs = 2, Seed = 3 });
            return (float[])model.Parameters.Values.Clone();
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Early_stopping_ends_when_the_monitored_value_stops_improving_and_restores_the_best_weights()
    {
        var train = SyntheticData.Classification(200, 10, 3, 1);
        var model = Mlp.Classifier(10, [16], 3).Build(seed: 7);
        float[]? best = null;
        var result = model.Fit(train, new SoftmaxCrossEntropyLoss(), new Adam(0.01f), new FitOptions
        {
            Epochs = 200,
            Validation = SyntheticData.Classification(50, 10, 3, 2),
            EarlyStopping = new EarlyStopping { Monitor = "val_loss", Patience = 2, MinDelta = 1e9 }, // nothing counts as improvement
            OnEpochEnd = e =>
            {
                if (e.Epoch == 1)
                {
                    best = (float[])model.Parameters.Values.Clone();
                }

                return true;
            },
        });
        Assert.Equal(StopReason.EarlyStopped, result.Reason);
        Assert.Equal(3, result.History.Count);
        Assert.Equal(1, result.BestEpoch);
        Assert.Equal(best, model.Parameters.Values);
    }
}

public class NonFiniteGradientTests
{
    [Fact]
    public void A_step_with_infinite_gradients_but_a_finite_loss_is_not_applied()
    {
        // Zero weights predict 0 against a target of 2: Huber(δ=2) loss 2, dLoss/dy = −2, finite; but the weight
        // gradient −2·x with x = 3e38 exceeds float32's 3.4e38 and is infinite.
        var x = Tensor.FromArray([3e38f, 0], 1, 2);
        var data = new Dataset(x, Tensor.FromArray([2], 1, 1));
        var model = new Sequential([2], new Dense(1, useBias: false)).Build(seed: 1);
        model.Parameters.Values.AsSpan().Clear();
        var before = (float[])model.Parameters.Values.Clone();
        var trainer = new Trainer(model, new HuberLoss(2), new Sgd(0.1f));
        var loss = trainer.TrainStep(data, [0]);
        Assert.True(float.IsNaN(loss));
        Assert.Equal(before, model.Parameters.Values);
    }
}
