using BigDL.Compute.Losses;
using BigDL.Compute.Metrics;
using BigDL.Compute.Models;
using BigDL.Compute.Optim;
using BigDL.Compute.Tensors;
using BigDL.Compute.Training;

namespace BigDL.Compute.Tests.Models;

public class ModelTrainingTests
{
    [Fact]
    public void The_lstm_forecaster_learns_to_continue_a_sine_wave()
    {
        var train = SyntheticData.SineWindows(1000, 16, seed: 1);
        var test = SyntheticData.SineWindows(200, 16, seed: 2);
        var model = LstmForecaster.Create(16, hidden: 16).Build(seed: 0);
        var result = model.Fit(train, new MseLoss(), new Adam(0.01f), new FitOptions
        {
            Epochs = 10,
            BatchSize = 32,
            Validation = test,
            Metrics = [new Rmse(), new Smape()],
        });

        // Targets have amplitude 1 plus ±0.05 uniform noise (RMSE floor ≈ 0.03); predicting 0 would score ≈ 0.7.
        Assert.True(result.History[^1].Metrics["rmse"] < 0.15, $"rmse {result.History[^1].Metrics["rmse"]}");
    }

    [Fact]
    public void NeuMF_learns_a_low_rank_preference_pattern()
    {
        // Users and items have a hidden side (even/odd); a user likes items on its own side.
        var random = new Random(3);
        Dataset Make(int rows)
        {
            var users = new Tensor(rows, 1);
            var items = new Tensor(rows, 1);
            var labels = new Tensor(rows, 1);
            for (var i = 0; i < rows; i++)
            {
                var u = random.Next(40);
                var it = random.Next(30);
                users.Span[i] = u;
                items.Span[i] = it;
                labels.Span[i] = u % 2 == it % 2 ? 1 : 0;
            }

            return new Dataset([users, items], labels);
        }

        var model = NeuMF.Create(40, 30, 8, [16, 8]).Build(seed: 0);
        var result = model.Fit(Make(3000), new BceWithLogitsLoss(), new Adam(0.01f), new FitOptions
        {
            Epochs = 5,
            BatchSize = 64,
            Validation = Make(500),
            Metrics = [new RocAuc(), new Accuracy(threshold: 0)],
        });
        Assert.True(result.History[^1].Metrics["auc"] > 0.95, $"auc {result.History[^1].Metrics["auc"]}");
    }

    [Fact]
    public void The_small_cnn_learns_which_quadrant_is_bright()
    {
        var random = new Random(4);
        Dataset Make(int rows)
        {
            var images = new Tensor(rows, 1, 8, 8);
            var labels = new Tensor(rows);
            for (var i = 0; i < rows; i++)
            {
                var quadrant = random.Next(4);
                labels.Span[i] = quadrant;
                for (var y = 0; y < 8; y++)
                {
                    for (var x = 0; x < 8; x++)
                    {
                        var inside = (y < 4 ? 0 : 2) + (x < 4 ? 0 : 1) == quadrant;
                        images[i, 0, y, x] = (inside ? 1f : 0f) + (float)(random.NextDouble() * 0.5);
                    }
                }
            }

            return new Dataset(images, labels);
        }

        var model = SmallCnn.Create(1, 8, 8, 4, filters: 4).Build(seed: 0);
        var result = model.Fit(Make(400), new SoftmaxCrossEntropyLoss(), new Adam(0.01f), new FitOptions
        {
            Epochs = 5,
            BatchSize = 32,
            Validation = Make(200),
            Metrics = [new Accuracy()],
        });
        Assert.True(result.History[^1].Metrics["accuracy"] > 0.95, $"accuracy {result.History[^1].Metrics["accuracy"]}");
    }

    [Fact]
    public void An_mlp_regressor_fits_a_smooth_function()
    {
        var random = new Random(5);
        var x = new Tensor(1000, 2);
        var y = new Tensor(1000, 1);
        for (var i = 0; i < 1000; i++)
        {
            float a = (float)(random.NextDouble() * 2 - 1), b = (float)(random.NextDouble() * 2 - 1);
            x[i, 0] = a;
            x[i, 1] = b;
            y[i, 0] = a * b + 0.5f * a;
        }

        var data = new Dataset(x, y);
        var model = Mlp.Regressor(2, [32, 32]).Build(seed: 0);
        var result = model.Fit(data, new HuberLoss(), new Adam(0.01f), new FitOptions { Epochs = 30, BatchSize = 32, Validation = data, Metrics = [new MeanAbsoluteError()] });

        // The target's mean absolute value is ≈ 0.33; a fit worth the name is ten times closer.
        Assert.True(result.History[^1].Metrics["mae"] < 0.05, $"mae {result.History[^1].Metrics["mae"]}");
    }
}
