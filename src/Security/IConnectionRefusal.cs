namespace BigDL.Security;

/// <summary>
/// An outgoing connection's failure that says whether the peer refused this side's credentials (or this side the peer's),
/// so <see cref="RefusedConnectionRetryFilter"/> can stop retrying and say why in one line.
/// </summary>
internal interface IConnectionRefusal
{
    /// <summary>Gets whether the two sides hold credentials that do not match: no retry can help.</summary>
    bool IsRefusal { get; }

    /// <summary>Gets one line for the client's user naming the gateway and the setting that differs, never a key.</summary>
    string Explanation { get; }
}
