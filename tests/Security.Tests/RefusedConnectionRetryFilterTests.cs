using BigDL.Security.PreSharedKey;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.Messaging;

namespace BigDL.Security.Tests;

/// <summary>The client's retry filter: refusals end the connect, every other failure is the wrapped filter's call.</summary>
public sealed class RefusedConnectionRetryFilterTests
{
    [Fact]
    public async Task A_refusal_deep_in_orleans_wrapping_fails_the_connect_with_its_explanation()
    {
        var filter = new RefusedConnectionRetryFilter(new Always(true));
        var handshake = new HandshakeException(HandshakeFailure.WrongKey, "the acceptor refused this side's key") { RefusedByPeer = true };
        var failure = new ConnectionFailedException("Unable to connect to any of the 1 available gateways.",
            new ConnectionFailedException("Unable to connect to endpoint", new HandshakeFailedException("127.0.0.1:4000", "wrong key", handshake)));

        var refused = await Assert.ThrowsAsync<AuthenticationRefusedException>(() => filter.ShouldRetryConnectionAttempt(failure, CancellationToken.None));

        Assert.Equal("The gateway at 127.0.0.1:4000 refused this client's API key: it differs from the gateway's (BIGDL_API_KEY).", refused.Message);
        Assert.Same(failure, refused.InnerException);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Any_other_failure_is_left_to_the_wrapped_filter(bool retry)
    {
        var filter = new RefusedConnectionRetryFilter(new Always(retry));
        var timeout = new HandshakeFailedException("127.0.0.1:4000", "timeout", new HandshakeException(HandshakeFailure.Timeout, "the handshake did not finish within 10 s"));

        Assert.Equal(retry, await filter.ShouldRetryConnectionAttempt(new ConnectionFailedException("closed"), CancellationToken.None));
        Assert.Equal(retry, await filter.ShouldRetryConnectionAttempt(new ConnectionFailedException("slow", timeout), CancellationToken.None));
    }

    [Fact]
    public void It_wraps_the_filter_registered_before_it_once_however_many_schemes_ask()
    {
        var services = new ServiceCollection();
        var earlier = new Always(false);
        services.AddSingleton<IClientConnectionRetryFilter>(earlier);

        RefusedConnectionRetryFilter.Register(services);
        RefusedConnectionRetryFilter.Register(services);

        using var provider = services.BuildServiceProvider();
        Assert.IsType<RefusedConnectionRetryFilter>(provider.GetRequiredService<IClientConnectionRetryFilter>());
        Assert.Single(services, d => d.ServiceType == typeof(RefusedConnectionRetryFilter));
        Assert.Same(earlier, provider.GetRequiredService<RefusedConnectionRetryFilter>().Inner);
    }

    sealed class Always(bool retry) : IClientConnectionRetryFilter
    {
        public Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken) => Task.FromResult(retry);
    }
}
