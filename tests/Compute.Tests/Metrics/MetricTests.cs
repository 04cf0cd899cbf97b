using BigDL.Compute.Metrics;
using BigDL.Compute.Tensors;

namespace BigDL.Compute.Tests.Metrics;

public class MetricTests
{
    [Fact]
    public void Roc_auc_counts_ordered_pairs_with_ties_as_half()
    {
        // positives {0.8, 0.4}, negatives {0.4, 0.1}: pairs (0.8>0.4, 0.8>0.1, 0.4=0.4, 0.4>0.1) → 3.5/4
        var auc = new RocAuc().Compute(Tensor.FromArray([0.8f, 0.4f, 0.4f, 0.1f], 4), Tensor.FromArray([1, 1, 0, 0], 4));
        Assert.Equal(0.875, auc, 10);
    }

    [Fact]
    public void Accuracy_uses_argmax_for_several_columns_and_a_threshold_for_one()
    {
        Assert.Equal(0.5, new Accuracy().Compute(Tensor.FromArray([0.1f, 0.9f, 0.8f, 0.2f], 2, 2), Tensor.FromArray([1, 1], 2)));
        Assert.Equal(1.0, new Accuracy(threshold: 0).Compute(Tensor.FromArray([2, -1], 2, 1), Tensor.FromArray([1, 0], 2, 1)));
    }

    [Fact]
    public void Regression_metrics_match_hand_computed_values()
    {
        var p = Tensor.FromArray([1, 3], 2);
        var t = Tensor.FromArray([2, 3], 2);
        Assert.Equal(Math.Sqrt(0.5), new Rmse().Compute(p, t), 10);
        Assert.Equal(0.5, new MeanAbsoluteError().Compute(p, t), 10);
        Assert.Equal(100 * (2.0 / 3) / 2, new Smape().Compute(p, t), 10);
    }

    [Fact]
    public void Hit_rate_and_ndcg_rank_the_positive_within_its_group()
    {
        // group 0: positive scored 0.5, one candidate higher → rank 1; group 1: positive highest → rank 0.
        var scores = Tensor.FromArray([0.5f, 0.9f, 0.1f, 0.7f, 0.2f, 0.3f], 6);
        var labels = Tensor.FromArray([1, 0, 0, 1, 0, 0], 6);
        Assert.Equal(0.5, new HitRate(1, 3).Compute(scores, labels));
        Assert.Equal(1.0, new HitRate(2, 3).Compute(scores, labels));
        Assert.Equal((1 / Math.Log2(3) + 1) / 2, new Ndcg(2, 3).Compute(scores, labels), 10);
    }
}
