using BigDL.Orleans.Membership;

namespace BigDL.Orleans.Runtime.Tests.Membership;

/// <summary>Runs the membership table contract against <see cref="InMemoryMembershipTable"/>: table objects are views of one shared store.</summary>
public sealed class InMemoryMembershipTableTests : MembershipTableContractTests
{
    readonly InMemoryMembershipTable store = new("store");

    protected override Task<IMembershipTable> CreateTableAsync(string clusterId) => Task.FromResult<IMembershipTable>(store.ForCluster(clusterId));
}
