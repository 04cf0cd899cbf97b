using BigDL.Security.Tls;

namespace BigDL.Security.Tests;

/// <summary>A throw-away directory with an authority, two certificates it issued, and two self-signed ones.</summary>
internal sealed class Certificates : IDisposable
{
    readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("bigdl-security-");

    public Certificates()
    {
        DevelopmentCertificates.WriteAuthority(AuthorityPfx, AuthorityCer, "BigDL dev CA");
        DevelopmentCertificates.WriteIssued(AuthorityPfx, null, SiloPfx, "silo");
        DevelopmentCertificates.WriteIssued(AuthorityPfx, null, OtherSiloPfx, "silo-2");
        PinnedClientThumbprint = DevelopmentCertificates.WriteSelfSigned(PinnedClientPfx, "pinned-client", Password);
        DevelopmentCertificates.WriteSelfSigned(StrangerPfx, "stranger");
    }

    public const string Password = "pfx-password";

    public string AuthorityPfx => Path.Combine(directory.FullName, "ca.pfx");

    public string AuthorityCer => Path.Combine(directory.FullName, "ca.cer");

    public string SiloPfx => Path.Combine(directory.FullName, "silo.pfx");

    public string OtherSiloPfx => Path.Combine(directory.FullName, "silo-2.pfx");

    public string PinnedClientPfx => Path.Combine(directory.FullName, "pinned-client.pfx");

    public string StrangerPfx => Path.Combine(directory.FullName, "stranger.pfx");

    public string PinnedClientThumbprint { get; }

    public string PathOf(string name) => Path.Combine(directory.FullName, name);

    public void Dispose() => directory.Delete(recursive: true);
}
