namespace BigDL.Orleans.Membership;

/// <summary>The membership table's version: a counter bumped by every insert or update, plus a token that guards it.</summary>
/// <param name="Version">The number of successful inserts and updates since the table was initialized (0 when new).</param>
/// <param name="ETag">The token stored with <paramref name="Version"/>; a write must present the token it read.</param>
/// <remarks>
/// To write, read the table, then pass <see cref="Next"/> of the version you read: the write succeeds only if nobody
/// else wrote since, and stores <c>Version + 1</c> with a fresh token.
/// </remarks>
public sealed record TableVersion(int Version, string ETag)
{
    /// <summary>The version a write made after reading this one must carry: the number plus one, this token.</summary>
    public TableVersion Next() => new(checked(Version + 1), ETag);
}
