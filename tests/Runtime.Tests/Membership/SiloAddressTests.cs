using BigDL.Orleans.Membership;

namespace BigDL.Orleans.Runtime.Tests.Membership;

public sealed class SiloAddressTests
{
    [Theory]
    [InlineData("10.0.0.5", 11111, 42, "10.0.0.5:11111@42")]
    [InlineData("::1", 11111, 7, "[::1]:11111@7")]
    [InlineData("silo-a.local", 0, -3, "silo-a.local:0@-3")]
    public void An_address_prints_as_host_port_at_generation_and_parses_back(string host, int port, int generation, string text)
    {
        var address = new SiloAddress(host, port, generation);

        Assert.Equal(text, address.ToString());
        Assert.Equal(address, SiloAddress.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("host")]
    [InlineData("host:1")]
    [InlineData("host:x@1")]
    [InlineData(":1@1")]
    [InlineData("host:70000@1")]
    [InlineData("host:-1@1")]
    [InlineData("host:1@")]
    [InlineData("host:1@two")]
    [InlineData("a b:1@1")]
    [InlineData("[]:1@1")]
    public void Text_that_is_no_address_does_not_parse(string text)
    {
        Assert.False(SiloAddress.TryParse(text, out var address));
        Assert.Null(address);
        Assert.Throws<FormatException>(() => SiloAddress.Parse(text));
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("a@b", 1)]
    [InlineData("host", -1)]
    [InlineData("host", 65536)]
    public void Addresses_that_could_not_round_trip_are_refused(string host, int port)
    {
        Assert.ThrowsAny<ArgumentException>(() => new SiloAddress(host, port, 1));
    }

    [Fact]
    public void Addresses_are_equal_only_with_equal_host_port_and_generation()
    {
        var address = new SiloAddress("h", 1, 5);

        Assert.Equal(new SiloAddress("h", 1, 5), address);
        Assert.Equal(new SiloAddress("h", 1, 5).GetHashCode(), address.GetHashCode());
        Assert.NotEqual(new SiloAddress("h", 1, 6), address);
        Assert.NotEqual(new SiloAddress("h", 2, 5), address);
        Assert.NotEqual(new SiloAddress("H", 1, 5), address);
    }

    [Fact]
    public void Addresses_order_by_host_then_port_then_generation()
    {
        var expected = new[] { new SiloAddress("a", 2, 9), new SiloAddress("b", 1, 1), new SiloAddress("b", 1, 2), new SiloAddress("b", 3, 0) };

        var sorted = expected.Reverse().Order().ToArray();

        Assert.Equal(expected, sorted);
        Assert.True(expected[0] < expected[1]);
        Assert.True(expected[3] >= expected[2]);
        Assert.Equal(0, expected[1].CompareTo(new SiloAddress("b", 1, 1)));
    }

    [Fact]
    public void A_silo_started_a_second_later_gets_a_higher_generation()
    {
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.True(SiloAddress.GenerationAt(start.AddSeconds(1)) > SiloAddress.GenerationAt(start));
        Assert.Equal(SiloAddress.GenerationAt(start), SiloAddress.GenerationAt(start.ToOffset(TimeSpan.FromHours(2))));
        Assert.Equal(1, SiloAddress.GenerationAt(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void New_takes_the_generation_from_the_clock()
    {
        var before = SiloAddress.GenerationAt(DateTimeOffset.UtcNow);

        var address = SiloAddress.New("h", 11111);

        Assert.InRange(address.Generation, before, SiloAddress.GenerationAt(DateTimeOffset.UtcNow));
        Assert.Equal(("h", 11111), (address.Host, address.Port));
    }
}
