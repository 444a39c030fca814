using System.Globalization;
using System.Text;
using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// Reads a <c>.json</c> file holding one array of flat objects, <c>[{...}, {...}]</c>, streaming: a
/// <see cref="Utf8JsonReader"/> over a buffer refilled from the file, so memory is bounded by the buffer (64 KB,
/// more only for a single longer value) whatever the file's size. Columns, values and errors follow the same
/// rules as <see cref="JsonLinesRowReader"/>; each row's location is the line and column of its '{'.
/// </summary>
public sealed class JsonArrayRowReader : JsonRowReader
{
    /// <summary>The longest single JSON token read, in bytes; a longer one is MLB2004, not unbounded memory.</summary>
    public const int DefaultMaxTokenBytes = 64 * 1024 * 1024;

    private readonly int _maxTokenBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _origin;
    private bool _eof;
    private JsonReaderState _state;
    private Phase _phase;
    private int _elements;
    private long _tracked;
    private int _trackedLine = 1;
    private int _trackedColumn = 1;

    public JsonArrayRowReader(SourceSpec spec) : this(spec, DefaultMaxTokenBytes, 64 * 1024)
    {
    }

    internal JsonArrayRowReader(SourceSpec spec, int maxTokenBytes, int initialBufferBytes) : base(spec, "JSON")
    {
        _maxTokenBytes = maxTokenBytes;
        _buffer = new byte[Math.Min(initialBufferBytes, maxTokenBytes)];
        Start(() => _origin = _tracked = TextFileChecks.SkipBom(Stream)); // then the first object names the columns
    }

    /// <summary>The size of the read buffer now (for tests: it does not grow with the file).</summary>
    internal int BufferBytes => _buffer.Length;

    private protected override bool NextRecord(bool defineColumns)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
            var complete = false;
            try
            {
                while (!complete && reader.Read()) complete = OnToken(ref reader, defineColumns);
            }
            catch (JsonException ex)
            {
                var line = ex.LineNumber ?? 0;
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                    $"The file is not valid JSON here: {TextFileChecks.WithoutBytePosition(ex.Message)}",
                    new SourceLocation(FilePath, (int)line + 1, TextFileChecks.CharacterColumn(FilePath, line, ex.BytePositionInLine ?? 0))));
            }
            catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException)
            {
                throw TextFileChecks.InvalidUtf8(FilePath);
            }

            _start += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            if (complete) return true;
            if (_eof)
            {
                // With the final block the reader throws on an unclosed array; this is the clean end after ']'.
                Done = true;
                if (_phase == Phase.Done) return false;
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                    "The file ends before its JSON array does. Check that it was written completely.", new SourceLocation(FilePath, _trackedLine, _trackedColumn)));
            }

            Fill();
        }
    }

    /// <summary>Handles one token; true when it closes a record.</summary>
    private bool OnToken(ref Utf8JsonReader reader, bool defineColumns)
    {
        var (line, column) = Track(_origin + _start + reader.TokenStartIndex);
        switch (_phase)
        {
            case Phase.BeforeArray:
                if (reader.TokenType != JsonTokenType.StartArray)
                    throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                        $"The file holds {JsonTokens.Describe(reader.TokenType)}, not an array of objects. A JSON source is an array such as " +
                        "[{\"age\": 31}, {\"age\": 45}]; for one object per line, name the file .jsonl.", new SourceLocation(FilePath, line, column)));
                _phase = Phase.InArray;
                return false;

            case Phase.InArray:
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _phase = Phase.Done;
                    return false;
                }

                _elements++;
                if (reader.TokenType != JsonTokenType.StartObject)
                    throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataUnexpectedField,
                        $"Element {_elements} of the array is {JsonTokens.Describe(reader.TokenType)}, not an object. Every element must be a flat object, one per row.",
                        new SourceLocation(FilePath, line, column)));
                Record.Begin(defineColumns, line, column);
                _phase = Phase.InObject;
                return false;

            case Phase.InObject:
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    Record.End();
                    _phase = Phase.InArray;
                    return true;
                }

                if (reader.TokenType == JsonTokenType.PropertyName) Record.Name(ref reader, line, column);
                else Record.Value(ref reader, line, column);
                return false;

            default:
                throw new InvalidOperationException($"{reader.TokenType} after the array's end."); // the reader rejects these itself
        }
    }

    /// <summary>Line and character column of absolute byte <paramref name="position"/>, counted forward from the last one.</summary>
    private (int Line, int Column) Track(long position)
    {
        var from = (int)(_tracked - _origin);
        var to = (int)(position - _origin);
        for (var i = from; i < to; i++)
        {
            var b = _buffer[i];
            if (b == (byte)'\n')
            {
                _trackedLine++;
                _trackedColumn = 1;
            }
            else _trackedColumn += TextFileChecks.Utf16Width(b);
        }

        _tracked = position;
        return (_trackedLine, _trackedColumn);
    }

    private void Fill()
    {
        Track(_origin + _start); // count the lines of what is about to be dropped
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _origin += _start;
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _maxTokenBytes)
            {
                var token = _buffer.AsSpan(0, _end).IndexOfAnyExcept(" \t\r\n:,"u8); // the value itself, past separators
                var (line, column) = Track(_origin + Math.Max(token, 0));
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                    $"A single JSON value starting here is longer than {_maxTokenBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes. Check for an unclosed string.",
                    new SourceLocation(FilePath, line, column)));
            }

            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, _maxTokenBytes));
        }

        var read = Stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }

    private enum Phase { BeforeArray, InArray, InObject, Done }
}
