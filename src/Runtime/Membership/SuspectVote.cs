namespace BigDL.Orleans.Membership;

/// <summary>One silo's vote that another silo is dead, and when it was cast (UTC).</summary>
/// <param name="Suspecter">The silo that failed to reach the suspect.</param>
/// <param name="At">When the vote was cast, in UTC.</param>
public sealed record SuspectVote(SiloAddress Suspecter, DateTime At);
