using BigDL.Compute.Data;

namespace BigDL.Compute.Tests.Data;

public class DatasetConversionTests
{
    [Fact]
    public void Feature_and_label_columns_become_row_major_float_tensors()
    {
        var frame = CsvSource.FromText("a,b,label\n1,2,0\n3,4,1\n").Read();

        var dataset = frame.ToDataset(["b", "a"], "label");

        Assert.Equal(2, dataset.Rows);
        Assert.Equal([2, 2], dataset.Inputs[0].Shape.ToArray());
        Assert.Equal([2f, 1, 4, 3], dataset.Inputs[0].Span.ToArray());
        Assert.Equal([0f, 1], dataset.Targets.Span.ToArray());
    }

    [Fact]
    public void A_label_column_that_does_not_exist_is_named_with_the_columns_there_are()
    {
        var frame = CsvSource.FromText("a,b\n1,2\n", "file 'train.csv'").Read();

        var error = Assert.Throws<DatasetException>(() => frame.ToDataset(["a"], "target"));

        Assert.Contains("label column 'target'", error.Message, StringComparison.Ordinal);
        Assert.Contains("a, b", error.Message, StringComparison.Ordinal);
        Assert.Contains("file 'train.csv'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_feature_is_an_error_naming_the_line_and_value_of_the_source()
    {
        var frame = CsvSource.FromText("a,b\n1,2\n2,x\n", "file 'train.csv'").Read();

        var error = Assert.Throws<DatasetException>(() => frame.ToDataset(["b"], "a"));

        Assert.Contains("column 'b' is Text", error.Message, StringComparison.Ordinal);
        Assert.Contains("file 'train.csv' line 3 holds 'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_value_in_a_feature_is_an_error_naming_the_line_before_training()
    {
        var frame = CsvSource.FromText("a,b\n1,2\n2,\n", "file 'train.csv'").Read();

        var error = Assert.Throws<DatasetException>(() => frame.ToDataset(["b"], "a"));

        Assert.Contains("file 'train.csv' line 3, column 'b'", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Column_groups_become_one_input_tensor_each()
    {
        var frame = CsvSource.FromText("user,item,label\n0,5,1\n1,6,0\n2,7,1\n").Read();

        var dataset = frame.ToDataset([["user"], ["item"]], ["label"]);

        Assert.Equal(2, dataset.Inputs.Count);
        Assert.Equal([0f, 1, 2], dataset.Inputs[0].Span.ToArray());
        Assert.Equal([5f, 6, 7], dataset.Inputs[1].Span.ToArray());
        Assert.Equal([3, 1], dataset.Inputs[1].Shape.ToArray());
    }
}
