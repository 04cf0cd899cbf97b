using System.Net.Security;
using BigDL.Security.Tls;
using BigDL.TestHost;
using Microsoft.Extensions.Options;

namespace BigDL.Security.Tests;

/// <summary>Mutual TLS on real silos and clients over loopback TCP, and the certificate handling beneath it.</summary>
public sealed class MutualTlsTests : IDisposable
{
    readonly Certificates certificates = new();

    public void Dispose() => certificates.Dispose();

    Action<ISiloBuilder> Silo(string pfx) => silo => silo.UseMutualTls(o =>
    {
        o.CertificatePath = pfx;
        o.TrustedAuthorityPath = certificates.AuthorityCer;
        o.TrustedThumbprints.Add(certificates.PinnedClientThumbprint);
    });

    [Fact]
    public async Task Silos_and_a_client_with_trusted_certificates_form_a_cluster_over_tls_and_call_a_grain()
    {
        await using var cluster = new TestCluster();
        var first = cluster.CreateSilo("first", Silo(certificates.SiloPfx));
        await first.StartAsync();
        var second = cluster.CreateSilo("second", Silo(certificates.OtherSiloPfx));
        await second.StartAsync();

        // The client is trusted by pinning its self-signed certificate; it trusts the silos through their authority.
        var client = cluster.CreateClient(c => c.UseMutualTls(o =>
        {
            o.CertificatePath = certificates.PinnedClientPfx;
            o.CertificatePassword = Certificates.Password;
            o.TrustedAuthorityPath = certificates.AuthorityCer;
        }));
        await client.StartAsync();

        Assert.StartsWith("tls from ", await client.Orleans.GetGrain<IEchoGrain>(3).Echo("tls"), StringComparison.Ordinal);
        Assert.Equal(2, (await client.Orleans.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count);
        Assert.Empty(first.Log.Matching("Authentication failed"));
    }

    [Fact]
    public async Task A_client_with_an_untrusted_certificate_is_refused_at_once_and_the_silo_logs_it()
    {
        await using var cluster = new TestCluster();
        var silo = cluster.CreateSilo("only", Silo(certificates.SiloPfx));
        await silo.StartAsync();
        var stranger = cluster.CreateClient(c => c.UseMutualTls(o =>
        {
            o.CertificatePath = certificates.StrangerPfx;
            o.TrustedAuthorityPath = certificates.AuthorityCer;
        }));

        // Orleans' default retry filter would try 16 times over three minutes; a refusal is not retried.
        var refused = await Assert.ThrowsAsync<AuthenticationRefusedException>(() => stranger.StartAsync().WaitAsync(Eventually.DefaultTimeout));

        Assert.Equal($"The gateway at {silo.GatewayEndpoint} refused this client's certificate: it trusts neither its thumbprint nor its issuer.", refused.Message);
        Assert.Single(stranger.Log.Matching("Establishing connection"));
        await Eventually.Until(() => silo.Log.Matching("Authentication failed").Count > 0, "the silo's TLS refusal");
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_gateway_fails_at_once()
    {
        await using var cluster = new TestCluster();
        var silo = cluster.CreateSilo("only", Silo(certificates.SiloPfx));
        await silo.StartAsync();

        // The silo trusts the pinned client, but the client trusts only a thumbprint that is not the silo's.
        var doubter = cluster.CreateClient(c => c.UseMutualTls(o =>
        {
            o.CertificatePath = certificates.PinnedClientPfx;
            o.CertificatePassword = Certificates.Password;
            o.TrustedThumbprints.Add(certificates.PinnedClientThumbprint);
        }));

        var refused = await Assert.ThrowsAsync<AuthenticationRefusedException>(() => doubter.StartAsync().WaitAsync(Eventually.DefaultTimeout));

        Assert.StartsWith($"The TLS handshake with the gateway at {silo.GatewayEndpoint} failed: one side does not trust the other's certificate", refused.Message, StringComparison.Ordinal);
        Assert.Single(doubter.Log.Matching("Establishing connection"));
    }

    [Fact]
    public void Trust_admits_pinned_and_authority_issued_certificates_and_nothing_else()
    {
        using var authority = CertificateFiles.LoadPublic(certificates.AuthorityCer);
        using var issued = CertificateFiles.LoadWithPrivateKey(certificates.SiloPfx, null);
        using var pinned = CertificateFiles.LoadWithPrivateKey(certificates.PinnedClientPfx, Certificates.Password);
        using var stranger = CertificateFiles.LoadWithPrivateKey(certificates.StrangerPfx, null);
        var trust = new PeerCertificateTrust([pinned.Thumbprint.ToLowerInvariant()], authority);
        var pinsOnly = new PeerCertificateTrust([pinned.Thumbprint], authority: null);

        Assert.True(trust.IsTrusted(issued, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(trust.IsTrusted(pinned, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(trust.IsTrusted(stranger, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(pinsOnly.IsTrusted(issued, null, SslPolicyErrors.None));
        Assert.True(pinsOnly.IsTrusted(pinned, null, SslPolicyErrors.None));
    }

    [Fact]
    public void A_certificate_that_does_not_load_is_reported_in_one_line_naming_the_setting_and_the_file()
    {
        var validator = new MutualTlsOptionsValidator();
        var missing = certificates.PathOf("missing.pfx");

        var results = new[]
        {
            validator.Validate(null, new MutualTlsOptions { CertificatePath = missing, TrustedAuthorityPath = certificates.AuthorityCer }),
            validator.Validate(null, new MutualTlsOptions { CertificatePath = certificates.PinnedClientPfx, CertificatePassword = "wrong", TrustedAuthorityPath = certificates.AuthorityCer }),
            validator.Validate(null, new MutualTlsOptions { CertificatePath = certificates.AuthorityCer, TrustedAuthorityPath = certificates.AuthorityCer }),
        };
        var noTrust = validator.Validate(null, new MutualTlsOptions { CertificatePath = certificates.SiloPfx });

        Assert.StartsWith($"MutualTlsOptions.CertificatePath: certificate file {missing} does not load: ", results[0].FailureMessage, StringComparison.Ordinal);
        Assert.StartsWith($"MutualTlsOptions.CertificatePath: certificate file {certificates.PinnedClientPfx} does not load: ", results[1].FailureMessage, StringComparison.Ordinal);
        Assert.StartsWith($"MutualTlsOptions.CertificatePath: certificate file {certificates.AuthorityCer} does not load: ", results[2].FailureMessage, StringComparison.Ordinal);
        Assert.All(results, r => Assert.DoesNotContain('\n', r.FailureMessage ?? "\n"));
        Assert.Contains("TrustedThumbprints or TrustedAuthorityPath must name the peers to trust", noTrust.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_whose_certificate_does_not_load_fails_to_start_with_that_line()
    {
        await using var cluster = new TestCluster();
        var silo = cluster.CreateSilo("broken", Silo(certificates.PathOf("nowhere.pfx")));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(silo.StartAsync);

        Assert.Contains("certificate file", failure.Message, StringComparison.Ordinal);
        Assert.Contains("nowhere.pfx does not load", failure.Message, StringComparison.Ordinal);
    }
}
