using System.Text;

namespace BigDL.Compute.Data;

/// <summary>FNV-1a (32-bit) over UTF-8: a hash that is the same in every process and .NET version, unlike string.GetHashCode.</summary>
public static class StableHash
{
    const uint OffsetBasis = 2166136261;
    const uint Prime = 16777619;

    /// <summary>The FNV-1a hash of <paramref name="text"/>'s UTF-8 bytes.</summary>
    public static uint Fnv1a(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<byte> stack = stackalloc byte[256];
        var count = Encoding.UTF8.GetByteCount(text);
        var bytes = count <= stack.Length ? stack[..count] : new byte[count];
        Encoding.UTF8.GetBytes(text, bytes);
        var hash = OffsetBasis;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
