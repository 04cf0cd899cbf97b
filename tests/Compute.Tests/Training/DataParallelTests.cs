using BigDL.Compute.Losses;
using BigDL.Compute.Models;
using BigDL.Compute.Optim;
using BigDL.Compute.Serialization;
using BigDL.Compute.Training;

namespace BigDL.Compute.Tests.Training;

public class DataParallelTests
{
    [Fact]
    public void Two_replicas_with_averaged_gradients_and_sharded_optimizers_match_one_model_on_the_whole_batch()
    {
        var data = SyntheticData.Classification(64, 8, 3, seed: 1);
        var single = Mlp.Classifier(8, [16], 3).Build(seed: 2);
        var replicas = new[] { ModelSerializer.Clone(single), ModelSerializer.Clone(single) };
        var singleTrainer = new Trainer(single, new SoftmaxCrossEntropyLoss(), new Adam(0.01f));
        var replicaTrainers = replicas.Select(r => new Trainer(r, new SoftmaxCrossEntropyLoss(), new Adam(0.01f))).ToArray();
        var length = single.Parameters.Length;
        var cut = length / 3; // shard boundaries need not align with parameters
        var shards = new[] { (Offset: 0, Length: cut, Optimizer: new Adam(0.01f)), (Offset: cut, Length: length - cut, Optimizer: new Adam(0.01f)) };
        var all = Enumerable.Range(0, 64).ToArray();
        var averaged = new float[length];
        for (var step = 0; step < 3; step++)
        {
            singleTrainer.TrainStep(data, all);
            replicaTrainers[0].ComputeGradients(data, all.AsSpan(0, 32));
            replicaTrainers[1].ComputeGradients(data, all.AsSpan(32, 32));
            for (var i = 0; i < length; i++)
            {
                averaged[i] = (replicas[0].Parameters.Gradients[i] + replicas[1].Parameters.Gradients[i]) / 2;
            }

            var values = replicas[0].Parameters.Values;
            foreach (var (offset, count, optimizer) in shards)
            {
                optimizer.Step(values, averaged, offset, count);
            }

            values.CopyTo(replicas[1].Parameters.Values, 0); // the all-gather
        }

        // Summation order differs (two half-batch GEMMs vs one), so agreement is to float32 rounding, amplified a
        // little by three Adam steps whose first moves are ±lr regardless of gradient size.
        for (var i = 0; i < length; i++)
        {
            Assert.True(Math.Abs(single.Parameters.Values[i] - replicas[0].Parameters.Values[i]) <= 1e-4, $"parameter {i}");
        }
    }
}
