using System.Diagnostics;

namespace BigDL.TestHost;

/// <summary>Waits for a condition with a generous deadline instead of a fixed sleep, so tests hold on a loaded machine.</summary>
public static partial class Eventually
{
    /// <summary>The default deadline: long enough for a 2-core machine running other test assemblies beside this one.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Polls <paramref name="condition"/> until it holds, or throws a <see cref="TimeoutException"/> naming <paramref name="what"/>.</summary>
    public static async Task Until(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        var delay = TimeSpan.FromMilliseconds(10);
        while (!await condition().ConfigureAwait(false))
        {
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"waited {limit.TotalSeconds:0} s for {what}");
            }

            await Task.Delay(delay).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
        }
    }

    /// <summary>Polls a synchronous <paramref name="condition"/>; see <see cref="Until(Func{Task{bool}}, string, TimeSpan?)"/>.</summary>
    public static Task Until(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        Until(() => Task.FromResult(condition()), what, timeout);
}
