using BigDL.Compute.Data;
using BigDL.Compute.Data.Transforms;

namespace BigDL.Compute.Tests.Data;

public class TransformTests
{
    static readonly Frame Train = new ArraySource("train")
        .Add("x", [1.0, 2, 3, 4])
        .Add("y", [2.0, 4, 6, 4])
        .Add("city", ["b", "a", "b", null])
        .Add("animal", ["cat", "dog", "cat", "dog"])
        .Read();

    static readonly Frame Fresh = new ArraySource("fresh")
        .Add("x", [2.5, 5, double.NaN])
        .Add("y", [4.0, 8, 0])
        .Add("city", ["b", "a", "a"])
        .Add("animal", ["dog", "cat", "dog"])
        .Read();

    [Fact]
    public void Standardizing_uses_the_training_mean_and_population_deviation()
    {
        // Training x: mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25.
        var scaler = new StandardScaler(["x"]).Fit(Train);

        var x = FrameAssert.Numbers(scaler.Transform(Fresh), "x");

        Assert.Equal(0, x[0], 12);
        Assert.Equal(2.5 / Math.Sqrt(1.25), x[1], 12);
        Assert.True(double.IsNaN(x[2]));
    }

    [Fact]
    public void Min_max_maps_the_training_range_to_zero_and_one()
    {
        var y = FrameAssert.Numbers(new MinMaxScaler(["y"]).Fit(Train).Transform(Fresh), "y");

        Assert.Equal([0.5, 1.5, -0.5], y);
    }

    [Fact]
    public void One_hot_makes_a_column_per_training_category_in_sorted_order()
    {
        var encoded = new OneHotEncoder(["city"]).Fit(Train).Transform(Fresh);

        Assert.Equal(["x", "y", "city=a", "city=b", "animal"], encoded.ColumnNames);
        Assert.Equal([0.0, 1, 1], FrameAssert.Numbers(encoded, "city=a"));
        Assert.Equal([1.0, 0, 0], FrameAssert.Numbers(encoded, "city=b"));
    }

    [Fact]
    public void An_unknown_category_is_an_error_naming_it_or_all_zeros_when_configured()
    {
        var unseen = new ArraySource("fresh").Add("city", ["c"]).Read();

        var error = Assert.Throws<DatasetException>(() => new OneHotEncoder(["city"]).Fit(Train).Transform(unseen));
        var zeros = new OneHotEncoder(["city"], UnknownCategory.AllZeros).Fit(Train).Transform(unseen);

        Assert.Contains("'c'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'city'", error.Message, StringComparison.Ordinal);
        Assert.Equal([0.0], FrameAssert.Numbers(zeros, "city=a"));
        Assert.Equal([0.0], FrameAssert.Numbers(zeros, "city=b"));
    }

    [Fact]
    public void Label_encoding_maps_sorted_classes_to_indices_and_decodes_back()
    {
        var encoder = new LabelEncoder("animal");

        var codes = FrameAssert.Numbers(encoder.Fit(Train).Transform(Fresh), "animal");

        Assert.Equal([1.0, 0, 1], codes);
        Assert.Equal("dog", encoder.Decode(1));
    }

    [Fact]
    public void Feature_hashing_adds_each_present_value_to_one_signed_bucket()
    {
        var hasher = new FeatureHasher(["city", "animal"], 4);

        var hashed = hasher.Fit(Train).Transform(Train);

        Assert.Equal(["x", "y", "hash0", "hash1", "hash2", "hash3"], hashed.ColumnNames);
        for (var r = 0; r < Train.RowCount; r++)
        {
            var expected = new double[4];
            foreach (var column in new[] { "city", "animal" })
            {
                if (Train[column].Text(r) is { } value)
                {
                    var (bucket, sign) = hasher.Hash(column, value);
                    expected[bucket] += sign;
                }
            }

            Assert.Equal(expected, Enumerable.Range(0, 4).Select(b => FrameAssert.Numbers(hashed, $"hash{b}")[r]));
        }

        // Row 3 has no city: only the animal's bucket is set, to ±1.
        Assert.Equal(1.0, Enumerable.Range(0, 4).Sum(b => Math.Abs(FrameAssert.Numbers(hashed, $"hash{b}")[3])));
    }

    [Fact]
    public void A_fitted_pipeline_saved_to_json_and_loaded_gives_identical_outputs()
    {
        var pipeline = new Pipeline(
        [
            new StandardScaler(["x"]),
            new MinMaxScaler(["y"]),
            new OneHotEncoder(["city"], UnknownCategory.AllZeros),
            new LabelEncoder("animal"),
        ]);
        pipeline.Fit(Train);

        var loaded = FrameTransform.FromJson(pipeline.ToJson());

        Assert.IsType<Pipeline>(loaded);
        FrameAssert.SameContent(pipeline.Transform(Fresh), loaded.Transform(Fresh));
        Assert.Equal(pipeline.ToJson(), loaded.ToJson());
    }

    [Fact]
    public void Every_transform_kind_survives_a_json_round_trip()
    {
        var times = new ArraySource().Add("t", [new DateTime(2024, 3, 4, 5, 0, 0), (DateTime?)null]).Read();
        FrameTransform[] transforms = [new FeatureHasher(["city"], 8, "h"), new DateTimeFeatures("t", dropSource: true)];
        Frame[] inputs = [Fresh, times];

        for (var i = 0; i < transforms.Length; i++)
        {
            transforms[i].Fit(inputs[i]);
            var loaded = FrameTransform.FromJson(transforms[i].ToJson());
            FrameAssert.SameContent(transforms[i].Transform(inputs[i]), loaded.Transform(inputs[i]));
        }
    }

    [Fact]
    public void Transforming_before_fitting_is_an_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new StandardScaler(["x"]).Transform(Train));

        Assert.Contains("fitted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fitting_on_an_absent_column_names_it_and_lists_the_columns()
    {
        var error = Assert.Throws<DatasetException>(() => new StandardScaler(["z"]).Fit(Train));

        Assert.Contains("'z'", error.Message, StringComparison.Ordinal);
        Assert.Contains("x, y, city, animal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loading_json_that_is_not_a_transform_is_an_error()
    {
        Assert.Throws<DatasetException>(() => FrameTransform.FromJson("{\"type\":\"nope\"}"));
    }
}
