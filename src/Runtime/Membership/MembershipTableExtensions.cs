namespace BigDL.Orleans.Membership;

/// <summary>The read-modify-write loop of the membership protocol, for a silo changing one row (its own when joining or leaving, a peer's when voting).</summary>
public static class MembershipTableExtensions
{
    /// <summary>The default number of reads and writes <see cref="ChangeRowAsync"/> tries before it gives up.</summary>
    public const int DefaultMaxAttempts = 10;

    /// <summary>
    /// Reads the row of <paramref name="address"/>, asks <paramref name="change"/> for its new value and writes it
    /// (an insert when there was no row) at the next table version; after a lost race it reads again and asks again.
    /// </summary>
    /// <param name="table">The membership table.</param>
    /// <param name="address">The row to change.</param>
    /// <param name="change">
    /// Given the current row (null when there is none), returns the row to write, or null to write nothing. It may run
    /// several times, each time with a fresher row, so it must only compute, never act.
    /// </param>
    /// <param name="maxAttempts">How many writes to try before giving up.</param>
    /// <returns>The row as written, or null when <paramref name="change"/> declined.</returns>
    /// <exception cref="InvalidOperationException">Every one of <paramref name="maxAttempts"/> writes lost a race.</exception>
    public static async Task<MembershipEntry?> ChangeRowAsync(
        this IMembershipTable table, SiloAddress address, Func<MembershipEntry?, MembershipEntry?> change, int maxAttempts = DefaultMaxAttempts)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        for (var attempt = 0; attempt < maxAttempts; attempt++)
        {
            var data = await table.ReadRowAsync(address);
            var found = data.TryGet(address, out var current, out var eTag);
            var wanted = change(current);
            if (wanted is null)
            {
                return null;
            }

            if (wanted.SiloAddress != address)
            {
                throw new ArgumentException($"The change of row {address} returned the row of {wanted.SiloAddress}.", nameof(change));
            }

            var written = found
                ? await table.UpdateRowAsync(wanted, eTag!, data.Version.Next()) // found, so TryGet set the ETag
                : await table.InsertRowAsync(wanted, data.Version.Next());
            if (written)
            {
                return wanted;
            }
        }

        throw new InvalidOperationException(
            $"The membership row of {address} in cluster '{table.ClusterId}' could not be written: {maxAttempts} attempts each lost a race with another writer.");
    }
}
