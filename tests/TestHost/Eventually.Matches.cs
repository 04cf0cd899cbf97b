namespace BigDL.TestHost;

public static partial class Eventually
{
    /// <summary>
    /// Reads a value with <paramref name="read"/> until it satisfies <paramref name="condition"/> and returns it, or throws a
    /// <see cref="TimeoutException"/> naming <paramref name="what"/> and the value last read.
    /// </summary>
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(condition);
        var last = default(T);
        try
        {
            await Until(async () => condition(last = await read().ConfigureAwait(false)), what, timeout).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last read: {last}", e);
        }

        return last!; // Until returned, so the condition held for the value read last
    }
}
