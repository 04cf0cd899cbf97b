using System.Net.Sockets;
using System.Text;
using BigDL.Security.PreSharedKey;
using BigDL.TestHost;
using Orleans.Configuration;

namespace BigDL.Security.Tests;

/// <summary>The handshake on real Orleans silos and clients over loopback TCP.</summary>
public sealed class PreSharedKeyClusterTests
{
    internal const string ClusterSecret = "cluster-secret-0123456789abcdef";
    internal const string ApiKey = "api-key-0123456789abcdefghijklmn";

    static Action<ISiloBuilder> Authenticated(string secret = ClusterSecret, string apiKey = ApiKey) =>
        silo => silo.UsePreSharedKeyAuthentication(o => (o.ClusterSecret, o.ApiKey) = (secret, apiKey));

    [Fact]
    public async Task Two_silos_with_the_same_secret_form_a_cluster_and_a_client_with_the_api_key_calls_a_grain()
    {
        await using var cluster = new TestCluster();
        var first = cluster.CreateSilo("first", Authenticated());
        await first.StartAsync();
        var second = cluster.CreateSilo("second", Authenticated());
        await second.StartAsync();
        var client = cluster.CreateClient(c => c.UsePreSharedKeyAuthentication(ApiKey));
        await client.StartAsync();

        Assert.StartsWith("hello from ", await client.Orleans.GetGrain<IEchoGrain>(1).Echo("hello"), StringComparison.Ordinal);
        var hosts = await client.Orleans.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal([first.Address, second.Address], hosts.Keys.OrderBy(s => s.Endpoint.Port == first.Address.Endpoint.Port ? 0 : 1));
        Assert.Empty(first.Log.Matching("Refused a connection"));
        Assert.Empty(second.Log.Matching("Refused a connection"));
    }

    [Fact]
    public async Task A_client_with_the_wrong_api_key_is_refused_at_once_and_the_gateway_logs_why_without_the_key()
    {
        await using var cluster = new TestCluster();
        var silo = cluster.CreateSilo("gateway", Authenticated());
        await silo.StartAsync();
        const string wrongKey = "not-the-api-key-0123456789abcdef";
        var client = cluster.CreateClient(c => c.UsePreSharedKeyAuthentication(wrongKey));

        // Orleans' default retry filter would try 16 times over three minutes; a refusal is not retried.
        var refused = await Assert.ThrowsAsync<AuthenticationRefusedException>(() => client.StartAsync().WaitAsync(Eventually.DefaultTimeout));

        Assert.Equal($"The gateway at {silo.GatewayEndpoint} refused this client's API key: it differs from the gateway's (BIGDL_API_KEY).", refused.Message);
        Assert.Single(client.Log.Matching("Establishing connection"));
        await Eventually.Until(() => silo.Log.Matching("Refused a connection to the gateway", "wrong key").Count > 0, "the gateway's refusal line");
        Assert.Contains(client.Log.Lines, l => l.Contains("refused this side's key", StringComparison.Ordinal));
        Assert.DoesNotContain(silo.Log.Lines.Concat(client.Log.Lines).Append(refused.ToString()), l => l.Contains(wrongKey, StringComparison.Ordinal) || l.Contains(ApiKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_silo_with_another_cluster_secret_fails_to_start_at_once_leaves_no_row_and_the_cluster_keeps_answering()
    {
        await using var cluster = new TestCluster();
        var first = cluster.CreateSilo("first", Authenticated());
        await first.StartAsync();
        var second = cluster.CreateSilo("second", Authenticated());
        await second.StartAsync();

        // Orleans alone would retry the join for MaxJoinAttemptTime (5 minutes); the deadline is only there to fail the test.
        var intruder = cluster.CreateSilo("intruder", Authenticated(secret: "another-cluster-secret-987654321"));
        var refused = await Assert.ThrowsAsync<AuthenticationRefusedException>(() => intruder.StartAsync().WaitAsync(Eventually.DefaultTimeout));

        Assert.StartsWith($"This silo's cluster secret is refused by the silos of cluster {cluster.ClusterId} at ", refused.Message, StringComparison.Ordinal);
        Assert.EndsWith(": it differs from theirs (BIGDL_CLUSTER_SECRET).", refused.Message, StringComparison.Ordinal);
        Assert.Contains(first.SiloEndpoint.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.Contains(second.SiloEndpoint.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.Single(intruder.Log.Matching("Critical", refused.Message));
        Assert.DoesNotContain(intruder.Log.Lines.Append(refused.ToString()), l => l.Contains("another-cluster-secret", StringComparison.Ordinal) || l.Contains(ClusterSecret, StringComparison.Ordinal));
        Assert.Contains(first.Log.Lines.Concat(second.Log.Lines), l => l.Contains("Refused a connection to the silo port", StringComparison.Ordinal) && l.Contains("wrong key", StringComparison.Ordinal));

        // It failed before writing itself into the table, so no silo waits on a Joining row.
        Assert.Equal(SiloStatus.None, cluster.Table.StatusOf(intruder.Address));
        Assert.Equal(2, cluster.Table.SilosWith(SiloStatus.Active).Count);
        var client = cluster.CreateClient(c => c.UsePreSharedKeyAuthentication(ApiKey));
        await client.StartAsync();
        Assert.StartsWith("still here from ", await client.Orleans.GetGrain<IEchoGrain>(2).Echo("still here"), StringComparison.Ordinal);
        var hosts = await client.Orleans.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(2, hosts.Count);
        Assert.DoesNotContain(intruder.Address, hosts.Keys);
    }

    [Theory]
    [InlineData("silo port")]
    [InlineData("gateway")]
    public async Task A_plain_tcp_client_that_sends_garbage_is_disconnected_and_logged_as_not_a_bigdl_peer(string endpoint)
    {
        await using var cluster = new TestCluster();
        var silo = cluster.CreateSilo("only", Authenticated());
        await silo.StartAsync();
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint == "gateway" ? silo.GatewayEndpoint : silo.SiloEndpoint);

        await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: silo\r\n\r\n"));

        Assert.Equal(0, await ReceiveUntilClosedAsync(socket));
        await Eventually.Until(() => silo.Log.Matching($"Refused a connection to the {endpoint}", "not a BigDL peer").Count == 1, "one refusal line");
    }

    [Fact]
    public void The_options_validator_names_each_setting_and_never_prints_a_key()
    {
        var validator = new AuthenticationOptionsValidator();

        var tooShort = validator.Validate(null, new ClusterAuthenticationOptions { ClusterSecret = "short-secret", ApiKey = null });
        var same = validator.Validate(null, new ClusterAuthenticationOptions { ClusterSecret = ClusterSecret, ApiKey = ClusterSecret });
        var client = validator.Validate(null, new ClientAuthenticationOptions { ApiKey = "short", HandshakeTimeout = TimeSpan.Zero });
        var fine = validator.Validate(null, new ClusterAuthenticationOptions { ClusterSecret = ClusterSecret, ApiKey = ApiKey });

        Assert.Contains("ClusterAuthenticationOptions.ClusterSecret (BIGDL_CLUSTER_SECRET) must be at least 16", tooShort.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ClusterAuthenticationOptions.ApiKey (BIGDL_API_KEY) is required", tooShort.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", tooShort.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("must differ from the cluster secret", same.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ClientAuthenticationOptions.ApiKey", client.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("ClientAuthenticationOptions.HandshakeTimeout must be positive", client.FailureMessage, StringComparison.Ordinal);
        Assert.True(fine.Succeeded);
        Assert.DoesNotContain(ClusterSecret, new ClusterAuthenticationOptions { ClusterSecret = ClusterSecret }.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silo_with_a_short_secret_does_not_start_and_says_which_setting()
    {
        await using var cluster = new TestCluster();
        var silo = cluster.CreateSilo("misconfigured", Authenticated(secret: "too-short"));

        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(silo.StartAsync);

        Assert.Contains("ClusterSecret (BIGDL_CLUSTER_SECRET) must be at least 16 characters", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>Reads until the peer closes; returns the byte count of the last read (0 once closed, or on a reset).</summary>
    internal static async Task<int> ReceiveUntilClosedAsync(Socket socket)
    {
        var buffer = new byte[256];
        using var patience = new CancellationTokenSource(Eventually.DefaultTimeout);
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, patience.Token);
                if (n == 0)
                {
                    return 0;
                }
            }
        }
        catch (SocketException)
        {
            return 0;
        }
    }
}
