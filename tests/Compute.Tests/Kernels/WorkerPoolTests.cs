using BigDL.Compute.Kernels;

namespace BigDL.Compute.Tests.Kernels;

public class WorkerPoolTests
{
    sealed class Recording(int failOn) : IParallelWork
    {
        public int[] Runs { get; } = new int[8];

        public void Execute(int part)
        {
            Interlocked.Increment(ref Runs[part]);
            if (part == failOn)
            {
                throw new InvalidOperationException($"part {part} failed");
            }
        }
    }

    [Fact]
    public void Every_part_runs_exactly_once()
    {
        var pool = new WorkerPool();
        for (var call = 0; call < 200; call++)
        {
            var work = new Recording(failOn: -1);
            Assert.True(pool.TryRun(work, 5));
            Assert.Equal([1, 1, 1, 1, 1, 0, 0, 0], work.Runs);
        }
    }

    [Fact]
    public void A_part_that_throws_fails_the_call_after_the_other_parts_finish_and_the_pool_keeps_working()
    {
        var pool = new WorkerPool();
        var failing = new Recording(failOn: 2);
        var e = Assert.Throws<InvalidOperationException>(() => pool.TryRun(failing, 4));
        Assert.Equal("part 2 failed", e.Message);
        Assert.Equal([1, 1, 1, 1, 0, 0, 0, 0], failing.Runs);

        var next = new Recording(failOn: -1);
        Assert.True(pool.TryRun(next, 4));
        Assert.Equal([1, 1, 1, 1, 0, 0, 0, 0], next.Runs);
    }
}
