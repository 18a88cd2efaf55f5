using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Interchange.Audit;

/// <summary>Field names are stored as a JSON array text, written and read without reflection.</summary>
internal static class FieldListJson
{
    private const string Empty = "[]";

    public static string Write(IReadOnlyList<string> fields)
    {
        if (fields.Count == 0)
        {
            return Empty;
        }

        var buffer = new ArrayBufferWriter<byte>(16 * fields.Count);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var field in fields)
            {
                writer.WriteStringValue(field);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static IReadOnlyList<string> Read(string json)
    {
        if (json == Empty)
        {
            return [];
        }

        var fields = new List<string>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                fields.Add(reader.GetString()!);
            }
        }

        return fields;
    }
}
