namespace BigDL.Orleans.Membership;

/// <summary>The membership tables' names, the same in every dialect.</summary>
internal static class MembershipSchemaNames
{
    public const string VersionTable = "bigdl_membership_version";

    public const string MembersTable = "bigdl_membership";
}
