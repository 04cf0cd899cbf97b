using BigDL.Orleans.Transport;

namespace BigDL.Orleans.Runtime.Tests.Transport;

public sealed class TransportOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_listen_on_loopback_only()
    {
        var options = new TransportOptions();

        Assert.True(new TransportOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(System.Net.IPAddress.Loopback, options.ListenAddress);
        Assert.True(options.MaxFrameBytes > 4 << 20, "a 4 MB tensor argument must fit in one frame by default");
    }

    [Fact]
    public void Settings_that_cannot_work_are_refused_with_the_setting_named()
    {
        var options = new TransportOptions
        {
            MaxFrameBytes = 100,
            HandshakeTimeout = TimeSpan.Zero,
            MaxPendingHandshakes = 0,
            ListenPort = 70000,
            KeepAliveInterval = TimeSpan.FromSeconds(10),
            IdleTimeout = TimeSpan.FromSeconds(5),
        };

        var result = new TransportOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        foreach (var setting in new[] { "MaxFrameBytes", "HandshakeTimeout", "MaxPendingHandshakes", "ListenPort", "IdleTimeout" })
        {
            Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
        }
    }
}
