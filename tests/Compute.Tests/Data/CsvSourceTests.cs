using BigDL.Compute.Data;

namespace BigDL.Compute.Tests.Data;

public class CsvSourceTests
{
    const string Sample = """"
        id,price,city,when
        1,2.5,"Paris, FR",2024-01-02T03:00:00
        2,,Oslo,2024-02-03T04:00:00
        3,NA,"say ""hi""",
        """";

    [Fact]
    public void Header_names_columns_and_types_are_inferred_per_column()
    {
        var frame = CsvSource.FromText(Sample).Read();

        Assert.Equal(["id", "price", "city", "when"], frame.ColumnNames);
        Assert.Equal([ColumnKind.Numeric, ColumnKind.Numeric, ColumnKind.Text, ColumnKind.DateTime], frame.Columns.Select(c => c.Kind));
        Assert.Equal(3, frame.RowCount);
        Assert.Equal([1.0, 2.0, 3.0], FrameAssert.Numbers(frame, "id"));
        Assert.Equal(new DateTime(2024, 2, 3, 4, 0, 0), frame.DateTimeColumn("when")[1]);
    }

    [Fact]
    public void Missing_values_read_as_NaN_with_the_mask_set()
    {
        var frame = CsvSource.FromText(Sample).Read();

        var price = frame.Numeric("price");
        Assert.Equal(2.5, price[0]);
        Assert.True(double.IsNaN(price[1]));
        Assert.True(double.IsNaN(price[2]));
        Assert.Equal([false, true, true], price.MissingMask());
        Assert.Equal([false, false, true], frame["when"].MissingMask());
    }

    [Fact]
    public void Quoted_fields_keep_separators_and_escaped_quotes()
    {
        var city = CsvSource.FromText(Sample).Read().TextColumn("city");

        Assert.Equal("Paris, FR", city[0]);
        Assert.Equal("say \"hi\"", city[2]);
    }

    [Fact]
    public void A_file_reads_the_same_as_its_text_and_again_on_re_read()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bigdl-csv-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, Sample);
        try
        {
            var source = CsvSource.FromFile(path);
            FrameAssert.SameContent(CsvSource.FromText(Sample).Read(), source.Read());
            FrameAssert.SameContent(source.Read(), source.Read());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Declared_types_override_inference()
    {
        var options = new CsvOptions { ColumnTypes = new Dictionary<string, ColumnKind> { ["id"] = ColumnKind.Text } };

        var frame = CsvSource.FromText(Sample, options: options).Read();

        Assert.Equal("1", frame.TextColumn("id")[0]);
    }

    [Fact]
    public void A_row_with_too_many_fields_is_an_error_naming_the_source_and_line()
    {
        var source = CsvSource.FromText("a,b\n1,2\n3,4,5\n", "file 'bad.csv'");

        var error = Assert.Throws<DatasetException>(source.Read);

        Assert.Contains("file 'bad.csv'", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_quote_is_an_error_naming_the_line()
    {
        var source = CsvSource.FromText("a,b\n1,2\n3,\"x\"y\n", "file 'bad.csv'");

        var error = Assert.Throws<DatasetException>(source.Read);

        Assert.Contains("file 'bad.csv' line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_numeric_value_in_a_numeric_column_names_file_line_column_and_value()
    {
        var options = new CsvOptions { ColumnTypes = new Dictionary<string, ColumnKind> { ["price"] = ColumnKind.Numeric } };
        var source = CsvSource.FromText("id,price\n1,2.5\n2,abc\n", "file 'prices.csv'", options);

        var error = Assert.Throws<DatasetException>(source.Read);

        Assert.Contains("file 'prices.csv' line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("'price'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'abc'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_declared_type_for_an_absent_column_names_the_option_and_the_column()
    {
        var options = new CsvOptions { ColumnTypes = new Dictionary<string, ColumnKind> { ["cost"] = ColumnKind.Numeric } };

        var error = Assert.Throws<DatasetException>(CsvSource.FromText("id,price\n1,2\n", options: options).Read);

        Assert.Contains("ColumnTypes", error.Message, StringComparison.Ordinal);
        Assert.Contains("'cost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_it()
    {
        var error = Assert.Throws<DatasetException>(CsvSource.FromFile("/nonexistent/data.csv").Read);

        Assert.Contains("/nonexistent/data.csv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_header_columns_are_numbered()
    {
        var frame = CsvSource.FromText("1,x\n2,y\n", options: new CsvOptions { HasHeader = false }).Read();

        Assert.Equal(["column0", "column1"], frame.ColumnNames);
        Assert.Equal(2, frame.RowCount);
    }
}
