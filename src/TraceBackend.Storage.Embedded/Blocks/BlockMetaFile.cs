using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TraceBackend.Model;
using TraceBackend.Storage.Embedded.Wal;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// <c>meta.json</c>: <see cref="BlockMeta"/> as indented camelCase JSON (trace IDs as 32 lowercase hex digits, span
/// kinds as names), closed by a last property <c>"crc32c": "xxxxxxxx"</c> — the CRC-32C (8 lowercase hex digits) of
/// every byte before the comma that precedes it. The file always ends with <c>,\n  "crc32c": "xxxxxxxx"\n}\n</c>.
/// </summary>
internal static class BlockMetaFile
{
    private const string ChecksumPrefix = ",\n  \"crc32c\": \"";
    private const string ChecksumSuffix = "\"\n}\n";
    private static readonly int s_trailerBytes = ChecksumPrefix.Length + 8 + ChecksumSuffix.Length;

    internal static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
        Converters = { new TraceIdConverter(), new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static byte[] Serialize(BlockMeta meta)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(meta, Options).AsSpan();
        // Drop the closing brace and the whitespace before it; the checksum property closes the object.
        var end = json.LastIndexOf((byte)'}');
        var body = json[..end].TrimEnd("\n\r\t "u8);
        var crc = Crc32C.Compute(body);
        var trailer = Encoding.ASCII.GetBytes(ChecksumPrefix + crc.ToString("x8", CultureInfo.InvariantCulture) + ChecksumSuffix);
        return [.. body, .. trailer];
    }

    public static BlockMeta Read(string path)
    {
        var file = BlockFile.ReadAll(path);
        if (file.Length < s_trailerBytes)
        {
            throw new InvalidDataException($"block meta '{path}' is truncated ({file.Length} bytes)");
        }

        var body = file.AsSpan(0, file.Length - s_trailerBytes);
        var trailer = Encoding.ASCII.GetString(file, body.Length, s_trailerBytes);
        if (!trailer.StartsWith(ChecksumPrefix, StringComparison.Ordinal) || !trailer.EndsWith(ChecksumSuffix, StringComparison.Ordinal)
            || !uint.TryParse(trailer.AsSpan(ChecksumPrefix.Length, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var crc))
        {
            throw new InvalidDataException($"block meta '{path}' does not end with its crc32c property (truncated or not a block meta)");
        }

        if (crc != Crc32C.Compute(body))
        {
            throw new InvalidDataException($"block meta '{path}' fails its checksum (corrupt)");
        }

        BlockMeta? meta;
        try
        {
            meta = JsonSerializer.Deserialize<BlockMeta>(file, Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"block meta '{path}' is not a valid block meta: {e.Message}", e);
        }

        if (meta is null)
        {
            throw new InvalidDataException($"block meta '{path}' is null");
        }

        if (meta.Format != BlockFormat.Name)
        {
            throw new InvalidDataException($"block meta '{path}' has unknown format '{meta.Format}' (this build reads '{BlockFormat.Name}')");
        }

        return meta;
    }

    private sealed class TraceIdConverter : JsonConverter<TraceId>
    {
        public override TraceId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.GetString();
            return text is { Length: 32 } && TraceId.TryParse(text, out var id)
                ? id
                : throw new JsonException($"'{text}' is not a 32-digit hex trace ID");
        }

        public override void Write(Utf8JsonWriter writer, TraceId value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToHex32());
    }
}
