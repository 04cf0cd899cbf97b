using BigDL.Compute.Data;

namespace BigDL.Compute.Tests.Data;

public class SplitTests
{
    static readonly Frame Rows = new ArraySource().Add("id", Enumerable.Range(0, 20).Select(i => (double)i)).Read();

    [Fact]
    public void A_seeded_split_is_reproducible_and_partitions_the_rows()
    {
        var (train, validation) = TrainValidationSplit.Split(Rows, 0.25, seed: 7);
        var (train2, validation2) = TrainValidationSplit.Split(Rows, 0.25, seed: 7);

        Assert.Equal(15, train.RowCount);
        Assert.Equal(5, validation.RowCount);
        FrameAssert.SameContent(train, train2);
        FrameAssert.SameContent(validation, validation2);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (double)i), FrameAssert.Numbers(train, "id").Concat(FrameAssert.Numbers(validation, "id")).Order());
    }

    [Fact]
    public void Different_seeds_give_different_validation_rows()
    {
        var a = FrameAssert.Numbers(TrainValidationSplit.Split(Rows, 0.25, seed: 1).Validation, "id");
        var b = FrameAssert.Numbers(TrainValidationSplit.Split(Rows, 0.25, seed: 2).Validation, "id");

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Without_shuffling_the_last_rows_validate()
    {
        var (_, validation) = TrainValidationSplit.Split(Rows, 0.1, shuffle: false);

        Assert.Equal([18.0, 19], FrameAssert.Numbers(validation, "id"));
    }

    [Fact]
    public void A_fraction_that_leaves_a_side_empty_is_an_error_naming_the_option()
    {
        var error = Assert.Throws<DatasetException>(() => TrainValidationSplit.Split(Rows, 0.01));

        Assert.Contains("validationFraction", error.Message, StringComparison.Ordinal);
    }
}
