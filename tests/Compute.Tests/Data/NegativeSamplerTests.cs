using BigDL.Compute.Data;

namespace BigDL.Compute.Tests.Data;

public class NegativeSamplerTests
{
    static readonly Frame Interactions = new ArraySource("ratings")
        .Add("user", ["u1", "u1", "u2", "u3", "u3", "u3"])
        .Add("item", [1.0, 2, 3, 4, 5, 1])
        .Read();

    static HashSet<(string, string)> Positives() =>
        [.. Enumerable.Range(0, Interactions.RowCount).Select(r => (Interactions["user"].Text(r)!, Interactions["item"].Text(r)!))];

    [Fact]
    public void Each_positive_is_followed_by_k_negatives_the_user_never_interacted_with()
    {
        var sampled = new NegativeSampler("user", "item", 3, seed: 5).Sample(Interactions);

        Assert.Equal(Interactions.RowCount * 4, sampled.RowCount);
        Assert.Equal(ColumnKind.Numeric, sampled["item"].Kind);
        var positives = Positives();
        for (var r = 0; r < sampled.RowCount; r++)
        {
            var pair = (sampled["user"].Text(r)!, sampled["item"].Text(r)!);
            var label = sampled.Numeric("label")[r];
            Assert.Equal(r % 4 == 0 ? 1.0 : 0.0, label);
            Assert.Equal(label == 1, positives.Contains(pair));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_negatives_and_another_seed_others()
    {
        var a = FrameAssert.Rows(new NegativeSampler("user", "item", 4, seed: 1).Sample(Interactions));
        var b = FrameAssert.Rows(new NegativeSampler("user", "item", 4, seed: 1).Sample(Interactions));
        var c = FrameAssert.Rows(new NegativeSampler("user", "item", 4, seed: 2).Sample(Interactions));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void A_user_who_interacted_with_every_item_is_an_error_naming_the_user()
    {
        var all = new ArraySource().Add("user", ["u", "u", "v"]).Add("item", ["a", "b", "a"]).Read();

        var error = Assert.Throws<DatasetException>(() => new NegativeSampler("user", "item", 1).Sample(all));

        Assert.Contains("user 'u'", error.Message, StringComparison.Ordinal);
    }
}
