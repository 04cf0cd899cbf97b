using BigDL.Compute.Losses;
using BigDL.Compute.Models;
using BigDL.Compute.Nn;
using BigDL.Compute.Optim;
using BigDL.Compute.Tensors;
using BigDL.Compute.Training;

namespace BigDL.Compute.Tests.Nn;

public class ParameterRangesUsedTests
{
    const int Users = 50;
    const int Items = 40;

    static Dataset Clicks(int rows, int seed)
    {
        var random = new Random(seed);
        var users = new float[rows];
        var items = new float[rows];
        var labels = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            users[i] = random.Next(Users);
            items[i] = random.Next(Items);
            labels[i] = random.Next(2);
        }

        return new Dataset([Tensor.FromArray(users, rows, 1), Tensor.FromArray(items, rows, 1)], Tensor.FromArray(labels, rows, 1));
    }

    static Trainer NeuMFTrainer()
    {
        var model = NeuMF.Create(Users, Items, gmfDimension: 8, mlpLayers: [16, 8]);
        model.Build(3);
        return new Trainer(model, new BceWithLogitsLoss(), new Sgd(1));
    }

    static bool[] Covered(List<(int Offset, int Length)> ranges, int length)
    {
        var covered = new bool[length];
        foreach (var (offset, count) in ranges)
        {
            Array.Fill(covered, true, offset, count);
        }

        return covered;
    }

    [Fact]
    public void NeuMF_uses_the_embedding_rows_of_the_batch_ids_and_every_dense_parameter_whole()
    {
        var trainer = NeuMFTrainer();
        var model = trainer.Model;
        var data = Clicks(20, seed: 1);
        int[] rows = [2, 5, 11];
        var ranges = new List<(int Offset, int Length)>();

        model.ParameterRangesUsed(data.Inputs, rows, ranges);

        for (var i = 1; i < ranges.Count; i++)
        {
            Assert.True(ranges[i].Offset > ranges[i - 1].Offset + ranges[i - 1].Length, $"ranges {i - 1} and {i} overlap, touch or are out of order");
        }

        var covered = Covered(ranges, model.Parameters.Length);
        foreach (var layer in model.Layers)
        {
            foreach (var p in layer.Parameters)
            {
                if (layer is Embedding embedding)
                {
                    var ids = data.Inputs[embedding.Name.EndsWith("user", StringComparison.Ordinal) ? 0 : 1].Span.ToArray();
                    for (var row = 0; row < embedding.Count; row++)
                    {
                        var expected = rows.Any(r => (int)ids[r] == row);
                        Assert.All(covered.AsSpan(p.Offset + (row * embedding.Dimension), embedding.Dimension).ToArray(), c => Assert.Equal(expected, c));
                    }
                }
                else
                {
                    Assert.All(covered.AsSpan(p.Offset, p.Length).ToArray(), Assert.True);
                }
            }
        }
    }

    [Fact]
    public void A_step_reads_no_value_and_writes_no_gradient_outside_the_ranges_it_uses()
    {
        var data = Clicks(64, seed: 2);
        int[] rows = [0, 3, 7, 8, 20, 33, 63];
        var plain = NeuMFTrainer();
        var scrambled = NeuMFTrainer();
        var ranges = new List<(int Offset, int Length)>();
        scrambled.Model.ParameterRangesUsed(data.Inputs, rows, ranges);
        var covered = Covered(ranges, scrambled.Model.Parameters.Length);
        for (var i = 0; i < covered.Length; i++)
        {
            if (!covered[i])
            {
                scrambled.Model.Parameters.Values[i] = float.NaN; // a read of any of these would show in the loss
            }
        }

        var expected = plain.ComputeGradients(data, rows);
        var loss = scrambled.ComputeGradients(data, rows);

        Assert.Equal(expected, loss);
        Assert.Equal(plain.Model.Parameters.Gradients, scrambled.Model.Parameters.Gradients);
        Assert.Contains(covered, c => !c);
        for (var i = 0; i < covered.Length; i++)
        {
            if (!covered[i])
            {
                Assert.Equal(0f, scrambled.Model.Parameters.Gradients[i]);
            }
        }
    }

    [Fact]
    public void A_sequential_model_narrows_only_an_embedding_fed_by_the_model_input()
    {
        var model = new Sequential([2], new Embedding(30, 4, "ids"), new Flatten(), new Dense(1));
        model.Build(1);
        var data = Tensor.FromArray([3, 3, 9, 10], 2, 2);
        var ranges = new List<(int Offset, int Length)>();

        model.ParameterRangesUsed([data], [1], ranges);

        var embedding = (Embedding)model.Layers[0];
        var dense = model.Layers[2].Parameters;
        Assert.Equal([(embedding.Weight.Offset + (9 * 4), 8), .. dense.Select(p => (p.Offset, p.Length))], ranges);
    }

    [Fact]
    public void Accumulating_gradients_adds_to_the_buffer_where_computing_them_starts_from_zero()
    {
        var data = Clicks(32, seed: 4);
        int[] rows = [1, 2, 3, 4, 5, 6];
        var trainer = NeuMFTrainer();
        var once = NeuMFTrainer();

        once.ComputeGradients(data, rows);
        trainer.ComputeGradients(data, rows);
        trainer.AccumulateGradients(data, rows);

        var twice = trainer.Model.Parameters.Gradients;
        var single = once.Model.Parameters.Gradients;
        Assert.Contains(single, g => g != 0);
        for (var i = 0; i < single.Length; i++)
        {
            Assert.Equal(2 * single[i], twice[i], 1e-6f);
        }

        trainer.ComputeGradients(data, rows);
        Assert.Equal(single, trainer.Model.Parameters.Gradients);
    }
}
