using BigDL.Compute.Data;
using BigDL.Compute.Data.Transforms;

namespace BigDL.Compute.Tests.Data;

public class TimeSeriesTests
{
    static readonly Frame Series = new ArraySource("series")
        .Add("load", [10.0, 11, 12, 13, 14, 15])
        .Add("temp", [0.0, 1, 2, 3, 4, 5])
        .Read();

    [Fact]
    public void Roll_makes_rows_minus_lookback_minus_horizon_plus_one_windows_of_the_right_shape()
    {
        var data = Roll.Windows(Series, ["load", "temp"], ["load"], lookback: 3, horizon: 2);

        Assert.Equal([2, 3, 2], data.Inputs[0].Shape.ToArray());
        Assert.Equal([2, 2], data.Targets.Shape.ToArray());
    }

    [Fact]
    public void Roll_windows_hold_the_lookback_rows_and_targets_the_following_horizon()
    {
        var data = Roll.Windows(Series, ["load", "temp"], ["load"], lookback: 3, horizon: 2);

        Assert.Equal([11f, 1, 12, 2, 13, 3], data.Inputs[0].Span.Slice(6, 6).ToArray()); // window 1: rows 1..3
        Assert.Equal([13f, 14, 14, 15], data.Targets.Span.ToArray()); // window 0: rows 3, 4; window 1: rows 4, 5
    }

    [Fact]
    public void Roll_on_too_few_rows_is_an_error_naming_the_options()
    {
        var error = Assert.Throws<DatasetException>(() => Roll.Windows(Series, ["load"], ["load"], lookback: 5, horizon: 2));

        Assert.Contains("lookback 5", error.Message, StringComparison.Ordinal);
        Assert.Contains("horizon 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("there are 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Datetime_features_give_hour_weekday_month_and_their_cycles()
    {
        // 2024-03-03 was a Sunday.
        var times = new ArraySource().Add("t", [new DateTime(2024, 3, 3, 18, 0, 0), (DateTime?)null]).Read();

        var features = new DateTimeFeatures("t").Fit(times).Transform(times);

        Assert.Equal(18.0, FrameAssert.Numbers(features, "t_hour")[0]);
        Assert.Equal(0.0, FrameAssert.Numbers(features, "t_day_of_week")[0]);
        Assert.Equal(3.0, FrameAssert.Numbers(features, "t_month")[0]);
        Assert.Equal(-1.0, FrameAssert.Numbers(features, "t_hour_sin")[0], 12); // 18/24 of a turn
        Assert.Equal(0.0, FrameAssert.Numbers(features, "t_hour_cos")[0], 12);
        Assert.Equal(0.0, FrameAssert.Numbers(features, "t_day_of_week_sin")[0], 12);
        Assert.Equal(Math.Cos(2 * Math.PI * 2 / 12), FrameAssert.Numbers(features, "t_month_cos")[0], 12);
        Assert.True(double.IsNaN(FrameAssert.Numbers(features, "t_hour")[1]));
        Assert.True(features.Contains("t"));
    }

    [Fact]
    public void Datetime_features_on_a_column_that_is_not_a_datetime_is_an_error_naming_it()
    {
        var error = Assert.Throws<DatasetException>(() => new DateTimeFeatures("load").Fit(Series));

        Assert.Contains("'load'", error.Message, StringComparison.Ordinal);
    }
}
