using BigDL.Compute.Tuning.Samplers;

namespace BigDL.Compute.Tests.Tuning;

/// <summary>
/// NumpyRandomState against numpy 1.24's legacy RandomState. Every expected value was printed by /usr/bin/python3 with
/// numpy, e.g. <c>np.random.RandomState(42).random_sample(3)</c>; the snippet for each is in the test.
/// </summary>
public class NumpyRandomStateTests
{
    [Theory]
    // [repr(x) for x in np.random.RandomState(seed).random_sample(3)]
    [InlineData(0u, 0.5488135039273248, 0.7151893663724195, 0.6027633760716439)]
    [InlineData(1u, 0.417022004702574, 0.7203244934421581, 0.00011437481734488664)]
    [InlineData(42u, 0.3745401188473625, 0.9507143064099162, 0.7319939418114051)]
    [InlineData(4294967295u, 0.0976320289940138, 0.9123828453026218, 0.78903530185164)]
    public void Random_sample_matches_numpy_for_the_same_seed(uint seed, double first, double second, double third)
    {
        var rng = new NumpyRandomState(seed);
        Assert.Equal([first, second, third], [rng.RandomSample(), rng.RandomSample(), rng.RandomSample()]);
    }

    [Fact]
    public void Raw_outputs_are_mt19937_seeded_by_init_genrand()
    {
        // np.frombuffer(np.random.RandomState(5).bytes(12), dtype='<u4')
        var rng = new NumpyRandomState(5);
        Assert.Equal([953453411u, 236996814u, 3739766767u], [rng.NextUInt32(), rng.NextUInt32(), rng.NextUInt32()]);
    }

    [Fact]
    public void Skip_lands_where_discarded_draws_would_across_twists()
    {
        // r = np.random.RandomState(7); r.random_sample(1000); r.random_sample() -> 0.08378587007198324 (2000 outputs, three twists)
        var skipped = new NumpyRandomState(7);
        skipped.Skip(1000);
        Assert.Equal(0.08378587007198324, skipped.RandomSample());
        var drawn = new NumpyRandomState(7);
        for (var i = 0; i < 1000; i++)
        {
            drawn.RandomSample();
        }

        Assert.Equal(0.08378587007198324, drawn.RandomSample());
    }

    [Fact]
    public void Choice_with_probabilities_matches_numpy_and_takes_one_draw_per_index()
    {
        // r = np.random.RandomState(3); r.choice(4, 10, p=[0.1, 0.2, 0.3, 0.4]), then r.random_sample() -> 0.029876210878566956
        var rng = new NumpyRandomState(3);
        Assert.Equal([2, 3, 1, 2, 3, 3, 1, 1, 0, 2], rng.Choice([0.1, 0.2, 0.3, 0.4], 10));
        Assert.Equal(0.029876210878566956, rng.RandomSample());
    }

    [Fact]
    public void Uniform_is_low_plus_range_times_random_sample()
    {
        // np.random.RandomState(3).uniform(np.array([-5.0, 0.0]), np.array([10.0, 15.0])) -> 3.261968538618632, 10.622217339271572
        var rng = new NumpyRandomState(3);
        Assert.Equal([3.261968538618632, 10.622217339271572], [rng.Uniform(-5, 10), rng.Uniform(0, 15)]);
    }

    [Theory]
    [InlineData(-1L, false)]
    [InlineData(0L, true)]
    [InlineData(4294967295L, true)]
    [InlineData(4294967296L, false)]
    public void Only_seeds_numpy_accepts_are_valid(long seed, bool valid) =>
        Assert.Equal(valid, NumpyRandomState.IsValidSeed(seed));
}
