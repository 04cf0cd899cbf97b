using BigDL.Storage.Sql;
using System.Globalization;
using System.Text.Json;

namespace BigDL.Storage.Clustering;

/// <summary>Writes suspicions as the JSON text the tables store: <c>[{"silo":"S10.0.0.1:11111:123","at":"2026-03-01T12:30:15.0000000Z"}]</c>.</summary>
internal static class SuspectTimesJson
{
    const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Write(List<Tuple<SiloAddress, DateTime>>? votes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var (suspecter, at) in votes ?? [])
            {
                writer.WriteStartObject();
                writer.WriteString("silo", suspecter.ToParsableString());
                writer.WriteString("at", StoredTime.Of(at).ToString(TimeFormat, CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads <see cref="Write"/>'s text back; throws <see cref="FormatException"/> for anything else.</summary>
    public static List<Tuple<SiloAddress, DateTime>> Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var votes = new List<Tuple<SiloAddress, DateTime>>(document.RootElement.GetArrayLength());
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var at = DateTime.Parse(element.GetProperty("at").GetString() ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                votes.Add(Tuple.Create(SiloAddress.FromParsableString(element.GetProperty("silo").GetString() ?? string.Empty), DateTime.SpecifyKind(at, DateTimeKind.Utc)));
            }

            return votes;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new FormatException($"The stored suspect times are not the expected JSON: {e.Message}", e);
        }
    }
}
