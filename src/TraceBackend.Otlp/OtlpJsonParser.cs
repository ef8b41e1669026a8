using System.Text;
using System.Text.Json;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace TraceBackend.Otlp;

/// <summary>
/// Token-level helpers of the OTLP/JSON parser. Invariant: every <c>Read…</c> value method is called with
/// the reader on the value's first token and leaves it on the value's last token. The path stack holds
/// one segment per open object (its current property) and per open array (its current index), so an
/// error can name its JSON path without allocating while parsing succeeds.
/// </summary>
internal ref partial struct OtlpJsonParser
{
    private const int NoIndex = -1;
    private const int NoName = -1;

    private readonly ReadOnlySpan<byte> _input;
    private Utf8JsonReader _reader;
    private PathSegment[] _path;
    private int _depth;
    private byte[]? _nameBuffer;
    private int _nameBufferLength;
    private bool _nameEscaped;

    public OtlpJsonParser(ReadOnlySpan<byte> input)
    {
        _input = input;
        _reader = new Utf8JsonReader(input, new JsonReaderOptions { MaxDepth = 128 });
        _path = new PathSegment[16];
        _depth = 0;
        IdErrors = null;
    }

    /// <summary>Spans whose IDs were not hex, with the reason; null when there was none.</summary>
    public Dictionary<ProtoSpan, IdError>? IdErrors { get; private set; }

    private struct PathSegment
    {
        public int NameStart;
        public int NameLength;
        public int Index;
    }

    private void Read()
    {
        if (!_reader.Read())
        {
            throw Error("unexpected end of JSON");
        }
    }

    /// <summary>True and enters the object when the current token starts one; false for null.</summary>
    private bool BeginObject()
    {
        if (_reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        if (_reader.TokenType != JsonTokenType.StartObject)
        {
            throw Error("expected object");
        }

        Push(new PathSegment { NameStart = 0, NameLength = NoName, Index = NoIndex });
        return true;
    }

    /// <summary>
    /// Moves to the next property of the open object and then onto its value; false (and leaves the
    /// object) at its end.
    /// </summary>
    private bool NextProperty()
    {
        Read();
        if (_reader.TokenType == JsonTokenType.EndObject)
        {
            _depth--;
            return false;
        }

        ref var top = ref _path[_depth - 1];
        top.NameStart = (int)_reader.TokenStartIndex + 1;
        top.NameLength = _reader.HasValueSequence ? 0 : _reader.ValueSpan.Length;
        _nameEscaped = _reader.ValueIsEscaped;
        if (_nameEscaped)
        {
            // Unescaping never lengthens the text, so the raw length bounds the buffer.
            if (_nameBuffer is null || _nameBuffer.Length < _reader.ValueSpan.Length)
            {
                _nameBuffer = new byte[Math.Max(256, _reader.ValueSpan.Length)];
            }

            _nameBufferLength = _reader.CopyString(_nameBuffer);
        }

        Read();
        return true;
    }

    /// <summary>Whether the current property is named <paramref name="camel"/> or <paramref name="snake"/>.</summary>
    private readonly bool Is(ReadOnlySpan<byte> camel, ReadOnlySpan<byte> snake)
    {
        var name = _nameEscaped
            ? _nameBuffer.AsSpan(0, _nameBufferLength)
            : _input.Slice(_path[_depth - 1].NameStart, _path[_depth - 1].NameLength);
        return name.SequenceEqual(camel) || name.SequenceEqual(snake);
    }

    private readonly bool Is(ReadOnlySpan<byte> name) => Is(name, name);

    /// <summary>True and enters the array when the current token starts one; false for null.</summary>
    private bool BeginArray()
    {
        if (_reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        if (_reader.TokenType != JsonTokenType.StartArray)
        {
            throw Error("expected array");
        }

        Push(new PathSegment { NameStart = 0, NameLength = NoName, Index = NoIndex });
        return true;
    }

    /// <summary>Moves onto the next element of the open array; false (and leaves the array) at its end.</summary>
    private bool NextElement()
    {
        Read();
        if (_reader.TokenType == JsonTokenType.EndArray)
        {
            _depth--;
            return false;
        }

        _path[_depth - 1].Index++;
        return true;
    }

    private void Push(PathSegment segment)
    {
        if (_depth == _path.Length)
        {
            Array.Resize(ref _path, _path.Length * 2);
        }

        _path[_depth++] = segment;
    }

    private void SkipValue() => _reader.Skip();

    /// <summary>The value must be followed by nothing but whitespace.</summary>
    private void ExpectEnd()
    {
        if (_reader.Read())
        {
            throw Error("unexpected content after the request object");
        }
    }

    private void AddIdError(ProtoSpan span, RejectReason reason, string message)
    {
        IdErrors ??= new Dictionary<ProtoSpan, IdError>(ReferenceEqualityComparer.Instance);
        if (!IdErrors.TryGetValue(span, out var existing) || reason < existing.Reason)
        {
            IdErrors[span] = new IdError(reason, message);
        }
    }

    /// <summary>"$.resourceSpans[0].scopeSpans[0].spans[2].startTimeUnixNano", as far as parsing got.</summary>
    public readonly string Path()
    {
        var sb = new StringBuilder("$");
        for (var i = 0; i < _depth; i++)
        {
            var segment = _path[i];
            if (segment.Index != NoIndex)
            {
                sb.Append('[').Append(segment.Index).Append(']');
            }
            else if (segment.NameLength != NoName)
            {
                sb.Append('.').Append(Encoding.UTF8.GetString(_input.Slice(segment.NameStart, segment.NameLength)));
            }
        }

        return sb.ToString();
    }

    public readonly OtlpDecodeException Error(string what, Exception? inner = null)
    {
        var message = $"invalid OTLP JSON at {Path()} (byte {_reader.TokenStartIndex}): {what}";
        return inner is null ? new OtlpDecodeException(message) : new OtlpDecodeException(message, inner);
    }
}
