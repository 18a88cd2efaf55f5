using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Interchange.Policies.Fields;

namespace Interchange.Policies.Masking;

/// <summary>
/// The masking state machine shared by <see cref="JsonRecordMasker.Mask"/> and <see cref="JsonRecordMasker.MaskAsync"/>.
/// Input arrives in chunks; all state that must survive a chunk boundary (reader state, the containers being
/// interpreted, a property name waiting for its value, the depth of a value being copied or skipped) lives in fields,
/// because <see cref="Utf8JsonReader"/> is a ref struct and cannot be kept between chunks.
/// </summary>
internal sealed class MaskingTranscoder : IDisposable
{
    // The reader's own limit; deeper input is rejected as invalid rather than masked.
    internal const int MaxDepth = 64;

    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>
    /// Output is JSON for machines, never HTML, so CJK and other non-ASCII text need not be \u-escaped. Names escaped
    /// ahead of time (<see cref="FieldRule.JsonName"/>) must use this encoder too.
    /// </summary>
    internal static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    // Validation stays on so a bug in the state machine cannot emit malformed JSON.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = Encoder,
        SkipValidation = false,
        Indented = false,
    };

    private static readonly JsonEncodedText Records = JsonEncodedText.Encode("records"u8, Encoder);
    private static readonly JsonEncodedText Total = JsonEncodedText.Encode("total"u8, Encoder);
    private static readonly JsonEncodedText Limit = JsonEncodedText.Encode("limit"u8, Encoder);
    private static readonly JsonEncodedText Offset = JsonEncodedText.Encode("offset"u8, Encoder);

    private readonly MaskingContext _context;

    // The transcoder's own buffer, or null when it writes straight into the caller's buffer writer.
    private readonly PooledBufferWriter? _output;
    private readonly Utf8JsonWriter _writer;

    // With the caller's buffer writer: bytes the writer had committed to it when output was last taken.
    private long _takenCommitted;

    // Only three levels are interpreted (top object → records array → record); deeper levels are copied or skipped.
    private readonly MaskingScope[] _scopes = new MaskingScope[3];
    private int _scopeCount;

    private JsonReaderState _readerState = new(ReaderOptions);
    private bool _rootSeen;
    private bool _rootComplete;

    // The top-level object has a records array: a page, whose records are counted, not the object itself.
    private bool _topIsPage;

    private PendingValue _pending;
    private FieldRule? _pendingRule;

    // The pending value is a record's subject field: its raw value goes to the context's collector.
    private bool _pendingIsSubject;

    // The name of the pending value, written once the value is known to survive. A name that matched is the rule's field
    // (or a page member) whatever escapes the source used, so its escaped form is known ahead and nothing is copied.
    private JsonEncodedText _pendingName;

    // Reader depth of the container being copied or skipped, or -1; its matching end token has the same depth.
    private int _copyDepth = -1;
    private int _skipDepth = -1;

    // Unescaped text of the current string or property name.
    private byte[] _scratch;

    // A transformed value on its way to the writer.
    private byte[] _transformed;

    // The last value pseudonymised and its pseudonym, quoted: the records of one household (or person) tend to follow
    // each other, and each keyed hash is a call into the crypto library that costs more than masking a whole record.
    // Rented on the first pseudonym; empty until then.
    private byte[] _pseudonymised = [];
    private int _pseudonymisedLength = -1;
    private byte[] _pseudonym = [];

    // The consumer id as UTF-8, the form the pseudonymiser hashes.
    private byte[] _consumer;
    private readonly int _consumerLength;

    /// <summary>A transcoder writing into its own pooled buffer, read with <see cref="TakeOutput"/>.</summary>
    public MaskingTranscoder(MaskingContext context, int outputCapacity)
        : this(context, output: null, new PooledBufferWriter(outputCapacity))
    {
    }

    /// <summary>A transcoder writing into <paramref name="output"/>; <see cref="TakeOutput"/> commits to it and returns nothing.</summary>
    public MaskingTranscoder(MaskingContext context, IBufferWriter<byte> output)
        : this(context, output ?? throw new ArgumentNullException(nameof(output)), own: null)
    {
    }

    private MaskingTranscoder(MaskingContext context, IBufferWriter<byte>? output, PooledBufferWriter? own)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _output = own;
        _writer = new Utf8JsonWriter(output ?? own!, WriterOptions);
        _scratch = ArrayPool<byte>.Shared.Rent(256);
        _transformed = ArrayPool<byte>.Shared.Rent(256);
        _consumer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(context.ConsumerId.Length));
        _consumerLength = Encoding.UTF8.GetBytes(context.ConsumerId, _consumer);
    }

    /// <summary>Masked bytes produced so far and not yet taken by <see cref="TakeOutput"/>.</summary>
    public long PendingBytes => _output is null
        ? _writer.BytesPending + _writer.BytesCommitted - _takenCommitted
        : _writer.BytesPending + _output.WrittenCount;

    /// <summary>
    /// Reads as many complete tokens from <paramref name="data"/> as possible and writes their masked form.
    /// Returns the number of bytes consumed; the caller keeps the rest and passes it again with more data.
    /// </summary>
    public int Process(ReadOnlySpan<byte> data, bool isFinalBlock)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock, _readerState);
        try
        {
            while (reader.Read())
            {
                Handle(ref reader);
            }
        }
        catch (JsonException e)
        {
            // The reader's message may quote a character of the input, which can be personal data: keep it out of the message.
            throw new InvalidDataException(
                $"The response is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine}) or is nested deeper than {MaxDepth}.", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // GetString and the writer throw these for text that is not valid UTF-8; whatever the cause, the response
            // cannot be masked and must not be passed on.
            throw new InvalidDataException("The response could not be masked: it holds text that is not valid UTF-8 JSON.", e);
        }

        _readerState = reader.CurrentState;
        var consumed = checked((int)reader.BytesConsumed);
        if (isFinalBlock && (!_rootComplete || consumed != data.Length))
        {
            throw new InvalidDataException("The response ended before its JSON value was complete.");
        }

        return consumed;
    }

    /// <summary>
    /// The masked bytes written so far; valid until <see cref="ClearOutput"/> or the next <see cref="Process"/>. With the
    /// caller's buffer writer, the bytes are committed to it (advanced) instead, and the result is empty.
    /// </summary>
    public ReadOnlyMemory<byte> TakeOutput()
    {
        _writer.Flush();
        if (_output is null)
        {
            _takenCommitted = _writer.BytesCommitted;
            return ReadOnlyMemory<byte>.Empty;
        }

        return _output.WrittenMemory;
    }

    public void ClearOutput() => _output?.Clear();

    public void Dispose()
    {
        _writer.Dispose();
        _output?.Dispose();
        ReturnToPool(ref _scratch);
        ReturnToPool(ref _transformed);
        ReturnToPool(ref _consumer);
        ReturnToPool(ref _pseudonymised);
        ReturnToPool(ref _pseudonym);
    }

    private static void ReturnToPool(ref byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }

    private MaskingScope? CurrentScope => _scopeCount == 0 ? null : _scopes[_scopeCount - 1];

    private void Handle(ref Utf8JsonReader reader)
    {
        var token = reader.TokenType;
        if (_skipDepth >= 0)
        {
            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == _skipDepth)
            {
                _skipDepth = -1;
            }

            return;
        }

        if (_copyDepth >= 0)
        {
            CopyToken(ref reader);
            if (token is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == _copyDepth)
            {
                _copyDepth = -1;
            }

            return;
        }

        if (_pending != PendingValue.None)
        {
            var pending = _pending;
            _pending = PendingValue.None;
            if (_pendingIsSubject)
            {
                _pendingIsSubject = false;
                CollectSubject(ref reader);
            }

            HandleValue(ref reader, pending);
            return;
        }

        switch (CurrentScope)
        {
            case null:
                HandleRoot(ref reader);
                break;
            case MaskingScope.TopObject:
                HandleTopObjectMember(ref reader);
                break;
            case MaskingScope.RecordArray:
                HandleRecordArrayElement(ref reader);
                break;
            case MaskingScope.Record:
                HandleRecordMember(ref reader);
                break;
        }
    }

    private void HandleRoot(ref Utf8JsonReader reader)
    {
        if (_rootSeen)
        {
            // The reader rejects a second top-level value itself; this only guards the state machine.
            throw new InvalidDataException("The response holds more than one JSON value.");
        }

        _rootSeen = true;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                _writer.WriteStartObject();
                Push(MaskingScope.TopObject);
                break;
            case JsonTokenType.StartArray:
                _writer.WriteStartArray();
                Push(MaskingScope.RecordArray);
                break;
            default:
                // A bare scalar is not a shape the sources serve; fail closed instead of passing it on.
                _writer.WriteNullValue();
                _rootComplete = true;
                break;
        }
    }

    private void HandleTopObjectMember(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            if (!_topIsPage)
            {
                // A single record.
                _context.Records?.Add();
            }

            _writer.WriteEndObject();
            Pop();
            return;
        }

        _pendingIsSubject = IsSubjectName(ref reader);
        if (reader.ValueTextEquals(Records.EncodedUtf8Bytes))
        {
            _pendingRule = _context.Plan.Find(ref reader);
            SetPending(Records, PendingValue.Records);
            return;
        }

        var rule = _context.Plan.Find(ref reader);
        if (rule is not null)
        {
            _pendingRule = rule;
            SetPending(rule.JsonName, PendingValue.Rule);
        }
        else if (PagingName(ref reader) is { } paging)
        {
            SetPending(paging, PendingValue.Paging);
        }
        else
        {
            _pending = PendingValue.Skip;
        }
    }

    private void HandleRecordArrayElement(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.EndArray:
                _writer.WriteEndArray();
                Pop();
                break;
            case JsonTokenType.StartObject:
                // Counted (and refused past the maximum) before anything of the record is written.
                _context.Records?.Add();
                _writer.WriteStartObject();
                Push(MaskingScope.Record);
                break;
            case JsonTokenType.StartArray:
                _skipDepth = reader.CurrentDepth;
                break;
            default:
                // A scalar is not a record: dropped.
                break;
        }
    }

    private void HandleRecordMember(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            _writer.WriteEndObject();
            Pop();
            return;
        }

        FieldRule? rule;
        if (reader.ValueIsEscaped)
        {
            _pendingIsSubject = IsSubjectName(ref reader);
            rule = _context.Plan.Find(ref reader);
        }
        else
        {
            // The common case: the raw name is its text, compared as a span rather than through the reader per rule.
            var name = reader.ValueSpan;
            _pendingIsSubject = _context.Subjects is { } subjects && name.SequenceEqual(subjects.FieldUtf8);
            rule = _context.Plan.Find(name);
        }

        if (rule is null)
        {
            _pending = PendingValue.Skip;
            return;
        }

        _pendingRule = rule;
        SetPending(rule.JsonName, PendingValue.Rule);
    }

    private void HandleValue(ref Utf8JsonReader reader, PendingValue pending)
    {
        var rule = _pendingRule;
        _pendingRule = null;
        switch (pending)
        {
            case PendingValue.Records when reader.TokenType == JsonTokenType.StartArray:
                _topIsPage = true;
                WritePendingName();
                _writer.WriteStartArray();
                Push(MaskingScope.RecordArray);
                break;
            case PendingValue.Records when rule is not null:
            case PendingValue.Rule:
                ApplyRule(ref reader, rule!);
                break;
            case PendingValue.Paging when reader.TokenType == JsonTokenType.Number:
                WritePendingName();
                _writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            default:
                SkipValue(ref reader);
                break;
        }
    }

    private void ApplyRule(ref Utf8JsonReader reader, FieldRule rule)
    {
        var token = reader.TokenType;
        if (rule.Kind == FieldRuleKind.Allow)
        {
            WritePendingName();
            CopyToken(ref reader);
            if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                _copyDepth = reader.CurrentDepth;
            }

            return;
        }

        switch (token)
        {
            case JsonTokenType.String:
                var text = Unescaped(ref reader);
                WritePendingName();
                WriteTransformed(text, rule);
                break;
            case JsonTokenType.Number:
                // Numbers are never escaped, so their raw bytes are their text.
                WritePendingName();
                WriteTransformed(reader.ValueSpan, rule);
                break;
            case JsonTokenType.Null:
                WritePendingName();
                _writer.WriteNullValue();
                break;
            default:
                // A rule that transforms text cannot transform a boolean, object or array: withhold the field.
                SkipValue(ref reader);
                break;
        }
    }

    /// <summary>
    /// Writes what <see cref="FieldRule.Transform"/> gives for <paramref name="value"/>, working on the UTF-8 itself: decoding
    /// each value to a string and encoding the result back cost more than the rules. Only text with composing characters,
    /// which the mask rule counts in text elements, takes the string path.
    /// </summary>
    /// <param name="value">The valid UTF-8 text of a JSON string or number.</param>
    private void WriteTransformed(ReadOnlySpan<byte> value, FieldRule rule)
    {
        switch (rule.Kind)
        {
            case FieldRuleKind.Mask:
                EnsureCapacity(ref _transformed, Math.Max(value.Length, 1));
                var written = FieldRule.MaskUtf8(value, rule.KeepFirst, rule.KeepLast, _transformed);
                if (written >= 0)
                {
                    _writer.WriteStringValue(_transformed.AsSpan(0, written));
                }
                else
                {
                    _writer.WriteStringValue(FieldRule.Mask(Encoding.UTF8.GetString(value), rule.KeepFirst, rule.KeepLast));
                }

                break;
            case FieldRuleKind.Generalise:
                _writer.WriteStringValue(FieldRule.GeneraliseUtf8(value, rule.To));
                break;
            case FieldRuleKind.Pseudonymise:
                // A pseudonym is ASCII letters, digits and an underscore, which need no escaping: written as it is.
                _writer.WriteRawValue(Pseudonym(value), skipInputValidation: true);
                break;
            default:
                throw new InvalidOperationException($"A {rule.Kind} rule has no value.");
        }
    }

    /// <summary>The quoted pseudonym of <paramref name="value"/>, valid until the next call.</summary>
    private ReadOnlySpan<byte> Pseudonym(ReadOnlySpan<byte> value)
    {
        const int Quoted = Pseudonymiser.PseudonymLength + 2;
        if (_pseudonym.Length == 0)
        {
            _pseudonym = ArrayPool<byte>.Shared.Rent(Quoted);
            _pseudonym[0] = (byte)'"';
            _pseudonym[Quoted - 1] = (byte)'"';
            _pseudonymised = ArrayPool<byte>.Shared.Rent(Math.Max(value.Length, 64));
        }

        var remembered = _pseudonymisedLength >= 0 && value.SequenceEqual(_pseudonymised.AsSpan(0, _pseudonymisedLength));
        if (!remembered)
        {
            _context.Pseudonymiser.Pseudonymise(_consumer.AsSpan(0, _consumerLength), value, _pseudonym.AsSpan(1, Pseudonymiser.PseudonymLength));
            EnsureCapacity(ref _pseudonymised, value.Length);
            value.CopyTo(_pseudonymised);
            _pseudonymisedLength = value.Length;
        }

        return _pseudonym.AsSpan(0, Quoted);
    }

    private bool IsSubjectName(ref Utf8JsonReader reader) =>
        _context.Subjects is { } subjects && reader.ValueTextEquals(subjects.FieldUtf8);

    private void CollectSubject(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                _context.Subjects!.Add(Encoding.UTF8.GetString(Unescaped(ref reader)));
                break;
            case JsonTokenType.Number:
                _context.Subjects!.Add(Encoding.UTF8.GetString(reader.ValueSpan));
                break;
            default:
                // null, booleans, objects and arrays identify nobody.
                break;
        }
    }

    private void SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            _skipDepth = reader.CurrentDepth;
        }
    }

    private void CopyToken(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                _writer.WriteStartObject();
                break;
            case JsonTokenType.EndObject:
                _writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                _writer.WriteStartArray();
                break;
            case JsonTokenType.EndArray:
                _writer.WriteEndArray();
                break;
            case JsonTokenType.PropertyName:
                _writer.WritePropertyName(Unescaped(ref reader));
                break;
            case JsonTokenType.String:
                CopyString(ref reader);
                break;
            case JsonTokenType.Number:
                _writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True:
                _writer.WriteBooleanValue(true);
                break;
            case JsonTokenType.False:
                _writer.WriteBooleanValue(false);
                break;
            case JsonTokenType.Null:
                _writer.WriteNullValue();
                break;
            default:
                throw new InvalidDataException($"Unexpected JSON token {reader.TokenType}.");
        }
    }

    /// <summary>
    /// Copies a string value that passes unchanged. One the source wrote without escapes holds no quote, backslash or
    /// control character (the reader refuses those raw), so once its UTF-8 is checked it is valid JSON as it stands and
    /// goes out byte for byte, without the writer's per-character escaping scan (a tenth of the CPU of a page of
    /// Chinese text). Escaped values are unescaped and re-escaped by the writer as before.
    /// </summary>
    private void CopyString(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            _writer.WriteStringValue(Unescaped(ref reader));
            return;
        }

        var text = reader.ValueSpan;
        if (!Utf8.IsValid(text))
        {
            throw new InvalidDataException("The response holds text that is not valid UTF-8.");
        }

        EnsureCapacity(ref _scratch, text.Length + 2);
        _scratch[0] = (byte)'"';
        text.CopyTo(_scratch.AsSpan(1));
        _scratch[text.Length + 1] = (byte)'"';
        _writer.WriteRawValue(_scratch.AsSpan(0, text.Length + 2), skipInputValidation: true);
    }

    /// <summary>The unescaped UTF-8 of the current string or property name; the writer re-escapes what needs it.</summary>
    private ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> text;
        if (!reader.ValueIsEscaped)
        {
            text = reader.ValueSpan;
        }
        else
        {
            // Unescaping never lengthens the text.
            EnsureCapacity(ref _scratch, reader.ValueSpan.Length);
            text = _scratch.AsSpan(0, reader.CopyString(_scratch));
        }

        // The reader does not check UTF-8 and the writer would quietly substitute U+FFFD; text that leaves must be
        // what the source sent, so malformed text fails the response like any other invalid JSON.
        if (!Utf8.IsValid(text))
        {
            throw new InvalidDataException("The response holds text that is not valid UTF-8.");
        }

        return text;
    }

    private static JsonEncodedText? PagingName(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals(Total.EncodedUtf8Bytes) ? Total
        : reader.ValueTextEquals(Limit.EncodedUtf8Bytes) ? Limit
        : reader.ValueTextEquals(Offset.EncodedUtf8Bytes) ? Offset
        : null;

    private void SetPending(JsonEncodedText name, PendingValue pending)
    {
        // The name is held until its value arrives, which may be in the next chunk, after the reader's buffer has moved on.
        _pendingName = name;
        _pending = pending;
    }

    private void WritePendingName() => _writer.WritePropertyName(_pendingName);

    private static void EnsureCapacity(ref byte[] buffer, int length)
    {
        if (buffer.Length >= length)
        {
            return;
        }

        var grown = ArrayPool<byte>.Shared.Rent(length);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = grown;
    }

    private void Push(MaskingScope scope) => _scopes[_scopeCount++] = scope;

    private void Pop()
    {
        _scopeCount--;
        if (_scopeCount == 0)
        {
            _rootComplete = true;
        }
    }
}
