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

    // Output is JSON for machines, never HTML, so CJK and other non-ASCII text need not be \u-escaped;
    // validation stays on so a bug in the state machine cannot emit malformed JSON.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
        Indented = false,
    };

    private static readonly byte[] Records = "records"u8.ToArray();

    private readonly MaskingContext _context;
    private readonly PooledBufferWriter _output;
    private readonly Utf8JsonWriter _writer;

    // Only three levels are interpreted (top object → records array → record); deeper levels are copied or skipped.
    private readonly MaskingScope[] _scopes = new MaskingScope[3];
    private int _scopeCount;

    private JsonReaderState _readerState = new(ReaderOptions);
    private bool _rootSeen;
    private bool _rootComplete;

    private PendingValue _pending;
    private FieldRule? _pendingRule;

    // The pending value is a record's subject field: its raw value goes to the context's collector.
    private bool _pendingIsSubject;
    private byte[] _name;
    private int _nameLength;

    // Reader depth of the container being copied or skipped, or -1; its matching end token has the same depth.
    private int _copyDepth = -1;
    private int _skipDepth = -1;

    private byte[] _scratch;

    public MaskingTranscoder(MaskingContext context, int outputCapacity)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _output = new PooledBufferWriter(outputCapacity);
        _writer = new Utf8JsonWriter(_output, WriterOptions);
        _name = ArrayPool<byte>.Shared.Rent(128);
        _scratch = ArrayPool<byte>.Shared.Rent(256);
    }

    /// <summary>Masked bytes produced so far and not yet taken by <see cref="TakeOutput"/>.</summary>
    public long PendingBytes => _writer.BytesPending + _output.WrittenCount;

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

    /// <summary>The masked bytes written so far; valid until <see cref="ClearOutput"/> or the next <see cref="Process"/>.</summary>
    public ReadOnlyMemory<byte> TakeOutput()
    {
        _writer.Flush();
        return _output.WrittenMemory;
    }

    public void ClearOutput() => _output.Clear();

    public void Dispose()
    {
        _writer.Dispose();
        _output.Dispose();
        ReturnToPool(ref _name);
        ReturnToPool(ref _scratch);
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
            _writer.WriteEndObject();
            Pop();
            return;
        }

        _pendingIsSubject = IsSubjectName(ref reader);
        if (reader.ValueTextEquals(Records))
        {
            _pendingRule = _context.Plan.Find(ref reader);
            SetPending(ref reader, PendingValue.Records);
            return;
        }

        var rule = _context.Plan.Find(ref reader);
        if (rule is not null)
        {
            _pendingRule = rule;
            SetPending(ref reader, PendingValue.Rule);
        }
        else if (reader.ValueTextEquals("total"u8) || reader.ValueTextEquals("limit"u8) || reader.ValueTextEquals("offset"u8))
        {
            SetPending(ref reader, PendingValue.Paging);
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

        _pendingIsSubject = IsSubjectName(ref reader);
        var rule = _context.Plan.Find(ref reader);
        if (rule is null)
        {
            _pending = PendingValue.Skip;
            return;
        }

        _pendingRule = rule;
        SetPending(ref reader, PendingValue.Rule);
    }

    private void HandleValue(ref Utf8JsonReader reader, PendingValue pending)
    {
        var rule = _pendingRule;
        _pendingRule = null;
        switch (pending)
        {
            case PendingValue.Records when reader.TokenType == JsonTokenType.StartArray:
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
                var text = reader.GetString()!;
                WritePendingName();
                _writer.WriteStringValue(rule.Transform(text, _context.ConsumerId, _context.Pseudonymiser));
                break;
            case JsonTokenType.Number:
                // Numbers are never escaped, so their raw bytes are their text.
                var number = Encoding.UTF8.GetString(reader.ValueSpan);
                WritePendingName();
                _writer.WriteStringValue(rule.Transform(number, _context.ConsumerId, _context.Pseudonymiser));
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

    private bool IsSubjectName(ref Utf8JsonReader reader) =>
        _context.Subjects is { } subjects && reader.ValueTextEquals(subjects.FieldUtf8);

    private void CollectSubject(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                _context.Subjects!.Add(reader.GetString()!);
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
                _writer.WriteStringValue(Unescaped(ref reader));
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

    private void SetPending(ref Utf8JsonReader reader, PendingValue pending)
    {
        // The name is held until its value arrives, which may be in the next chunk, after the reader's buffer has moved on.
        EnsureCapacity(ref _name, reader.ValueSpan.Length);
        _nameLength = reader.ValueIsEscaped ? reader.CopyString(_name) : CopyRaw(reader.ValueSpan, _name);
        _pending = pending;
    }

    private static int CopyRaw(ReadOnlySpan<byte> source, byte[] destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private void WritePendingName() => _writer.WritePropertyName(_name.AsSpan(0, _nameLength));

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
