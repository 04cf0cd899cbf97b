using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace BigDL.Orleans.Membership;

/// <summary>One incarnation of a silo: the host and port it listens on and its generation, written <c>host:port@generation</c>.</summary>
/// <remarks>
/// The generation tells a restarted silo on the same endpoint apart from its dead predecessor, so the predecessor's
/// membership row, suspicions and grain directory entries never apply to it. <see cref="New"/> takes it from the clock
/// (seconds since 2024-01-01 UTC), so two starts on one endpoint within the same second would collide: a silo
/// restarts in more than a second in practice. Hosts compare ordinally (case-sensitively); IPv6 hosts print in brackets.
/// </remarks>
public sealed record SiloAddress : IComparable<SiloAddress>
{
    static readonly DateTime GenerationEpoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Creates an address; throws when the host is empty or holds characters that would make it unparsable.</summary>
    public SiloAddress(string host, int port, int generation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        if (!IsValidHost(host))
        {
            throw new ArgumentException($"The silo host '{host}' must not contain '@', brackets or white space.", nameof(host));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, ushort.MaxValue);
        Host = host;
        Port = port;
        Generation = generation;
    }

    /// <summary>Gets the host name or IP address the silo listens on.</summary>
    public string Host { get; }

    /// <summary>Gets the silo-to-silo port.</summary>
    public int Port { get; }

    /// <summary>Gets the incarnation number: normally the start time in seconds since 2024-01-01 UTC.</summary>
    public int Generation { get; }

    /// <summary>Creates the address of a silo starting now on <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static SiloAddress New(string host, int port) => new(host, port, GenerationAt(DateTimeOffset.UtcNow));

    /// <summary>The generation of a silo started at <paramref name="startTime"/>: whole seconds since 2024-01-01 UTC.</summary>
    /// <remarks>Never below 1: Orleans gives clients generations of 0 and below, so silos stay clear of them.</remarks>
    public static int GenerationAt(DateTimeOffset startTime) =>
        (int)Math.Clamp((startTime.UtcDateTime - GenerationEpoch).Ticks / TimeSpan.TicksPerSecond, 1, int.MaxValue);

    /// <summary>Reads <c>host:port@generation</c> (<c>[ipv6]:port@generation</c> for IPv6); throws <see cref="FormatException"/> when it is not one.</summary>
    public static SiloAddress Parse(string text) =>
        TryParse(text, out var address) ? address : throw new FormatException($"'{text}' is not a silo address; expected host:port@generation.");

    /// <summary>Reads <c>host:port@generation</c>; false when <paramref name="text"/> is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SiloAddress? address)
    {
        address = null;
        var at = text?.LastIndexOf('@') ?? -1;
        if (text is null || at < 0)
        {
            return false;
        }

        var endpoint = text.AsSpan(0, at);
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 ||
            !int.TryParse(text.AsSpan(at + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var generation) ||
            !int.TryParse(endpoint[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) ||
            port > ushort.MaxValue)
        {
            return false;
        }

        var host = endpoint[..colon];
        if (host.Length > 2 && host[0] == '[' && host[^1] == ']')
        {
            host = host[1..^1];
        }

        if (!IsValidHost(host))
        {
            return false;
        }

        address = new SiloAddress(host.ToString(), port, generation);
        return true;
    }

    /// <summary>Orders by host (ordinal), then port, then generation.</summary>
    public int CompareTo(SiloAddress? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byHost = string.CompareOrdinal(Host, other.Host);
        return byHost != 0 ? byHost : Port != other.Port ? Port.CompareTo(other.Port) : Generation.CompareTo(other.Generation);
    }

    /// <summary>Writes <c>host:port@generation</c>, with an IPv6 host in brackets; <see cref="Parse"/> reads it back.</summary>
    public override string ToString() => Host.Contains(':', StringComparison.Ordinal)
        ? string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}@{Generation}")
        : string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}");

    public static bool operator <(SiloAddress? left, SiloAddress? right) => Compare(left, right) < 0;

    public static bool operator <=(SiloAddress? left, SiloAddress? right) => Compare(left, right) <= 0;

    public static bool operator >(SiloAddress? left, SiloAddress? right) => Compare(left, right) > 0;

    public static bool operator >=(SiloAddress? left, SiloAddress? right) => Compare(left, right) >= 0;

    // '@' and brackets would make ToString's text ambiguous to Parse; white space would not survive a config file.
    static bool IsValidHost(ReadOnlySpan<char> host)
    {
        foreach (var c in host)
        {
            if (c is '@' or '[' or ']' || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return !host.IsEmpty;
    }

    static int Compare(SiloAddress? left, SiloAddress? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
