using System.Text.Json;

namespace BigDL.Orleans.Membership;

/// <summary>Writes suspicions as the JSON text the SQL tables store: <c>[{"silo":"host:port@gen","at":"2026-03-01T12:30:15.0000000Z"}]</c>.</summary>
internal static class SuspectTimesJson
{
    public static string Write(IReadOnlyList<SuspectVote> votes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var vote in votes)
            {
                writer.WriteStartObject();
                writer.WriteString("silo", vote.Suspecter.ToString());
                writer.WriteString("at", MembershipRows.FormatTime(vote.At));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads <see cref="Write"/>'s text back; throws <see cref="FormatException"/> for anything else.</summary>
    public static IReadOnlyList<SuspectVote> Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var votes = new List<SuspectVote>(document.RootElement.GetArrayLength());
            foreach (var element in document.RootElement.EnumerateArray())
            {
                votes.Add(new SuspectVote(
                    SiloAddress.Parse(element.GetProperty("silo").GetString() ?? string.Empty),
                    MembershipRows.ParseTime(element.GetProperty("at").GetString() ?? string.Empty)));
            }

            return votes;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"The stored suspect times are not the expected JSON: {e.Message}", e);
        }
    }
}
