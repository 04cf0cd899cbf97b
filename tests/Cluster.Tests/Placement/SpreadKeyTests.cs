using BigDL.Cluster.Placement;
using Orleans;
using Orleans.Runtime;

namespace BigDL.Cluster.Tests.Placement;

public sealed class SpreadKeyTests
{
    static SiloAddress Pick(string key) => SpreadKey.Pick(key, Silos.Three);

    [Fact]
    public void Eight_replicas_on_three_silos_land_three_three_two()
    {
        foreach (var job in Enumerable.Range(0, 20).Select(j => $"job-{j}"))
        {
            var counts = Enumerable.Range(0, 8).Select(p => Pick($"{job}/{p}")).CountBy(s => s).Select(g => g.Value);

            Assert.Equal([3, 3, 2], counts.OrderDescending());
        }
    }

    [Fact]
    public void Consecutive_members_of_a_group_go_to_consecutive_silos()
    {
        var start = Array.IndexOf(Silos.Three, Pick("job-1/0"));

        Assert.All(Enumerable.Range(0, 12), i => Assert.Equal(Silos.Three[(start + i) % 3], Pick($"job-1/{i}")));
    }

    [Fact]
    public void Groups_start_on_different_silos()
    {
        var firsts = Enumerable.Range(0, 60).Select(j => Pick($"job-{j}/0")).ToList();

        Assert.All(Silos.Three, silo => Assert.InRange(firsts.Count(s => s == silo), 8, 32)); // 20 expected each
    }

    [Fact]
    public void The_group_is_everything_before_the_last_slash()
    {
        Assert.True(SpreadKey.TrySplit("team/job/12", out var group, out var index));
        Assert.Equal(("team/job", 12UL), (group, index));
        Assert.Equal(Silos.Three[(int)((StableHash.ComputeHash("team/job") % 3 + 12) % 3)], Pick("team/job/12"));
    }

    [Theory]
    [InlineData("job")]
    [InlineData("job/")]
    [InlineData("/3")]
    [InlineData("job/-1")]
    [InlineData("job/+1")]
    [InlineData("job/1x")]
    [InlineData("job/ 1")]
    public void A_key_without_a_non_negative_index_is_placed_by_a_stable_hash_of_the_whole_key(string key)
    {
        Assert.False(SpreadKey.TrySplit(key, out _, out _));
        Assert.Equal(Silos.Three[(int)(StableHash.ComputeHash(key) % 3)], Pick(key));
    }

    [Fact]
    public void Placement_of_a_key_is_the_same_in_every_process()
    {
        // Pinned from one run: string.GetHashCode differs per process, so a hash that used it would miss most of these.
        string[] keys = ["job-0/0", "job-1/0", "job-2/0", "job-3/0", "job-4/0", "job-5/0", "trial-17", "a/b/3"];
        int[] expected = [1, 0, 0, 2, 0, 1, 1, 2];

        Assert.Equal(expected, keys.Select(k => Array.IndexOf(Silos.Three, Pick(k))));
    }
}
