using System.Globalization;
using System.Text;
using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// Reads JSON Lines (<c>.jsonl</c>, <c>.ndjson</c>): one flat JSON object per line, blank lines skipped, a line
/// at a time in memory bounded by the longest line. The first record's keys, in order, are the columns.
/// A line that is not JSON is MLB2004 at its line and character column; a record that is not an object, has a
/// key the first did not, or holds a nested object or array is MLB2014.
/// </summary>
public sealed class JsonLinesRowReader : JsonRowReader
{
    /// <summary>The longest line read, in bytes; a longer one is MLB2004, not unbounded memory.</summary>
    public const int DefaultMaxLineBytes = 64 * 1024 * 1024;

    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private int _line;
    private int _scannedBytes;
    private int _scannedColumn;

    public JsonLinesRowReader(SourceSpec spec) : this(spec, DefaultMaxLineBytes)
    {
    }

    internal JsonLinesRowReader(SourceSpec spec, int maxLineBytes) : base(spec, "JSON Lines")
    {
        _maxLineBytes = maxLineBytes;
        _buffer = new byte[Math.Min(64 * 1024, maxLineBytes)];
        Start(() => TextFileChecks.SkipBom(Stream)); // then the first record names the columns
    }

    private protected override bool NextRecord(bool defineColumns)
    {
        while (NextLine(out var line))
        {
            if (IsBlank(line)) continue;
            Parse(line, defineColumns);
            return true;
        }

        Done = true;
        return false;
    }

    private void Parse(ReadOnlySpan<byte> line, bool defineColumns)
    {
        _scannedBytes = 0;
        _scannedColumn = 1;
        var reader = new Utf8JsonReader(line, isFinalBlock: true, state: default);
        try
        {
            Next(ref reader);
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataUnexpectedField,
                    $"This line holds {JsonTokens.Describe(reader.TokenType)}, not a JSON object. JSON Lines has one object per line, such as {{\"age\": 31, \"plan\": \"basic\"}}.",
                    At(line, reader.TokenStartIndex)));

            Record.Begin(defineColumns, _line, ColumnAt(line, reader.TokenStartIndex));
            while (true)
            {
                Next(ref reader);
                var column = ColumnAt(line, reader.TokenStartIndex);
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.TokenType == JsonTokenType.PropertyName) Record.Name(ref reader, _line, column);
                else Record.Value(ref reader, _line, column);
            }

            Record.End();
            // Only whitespace may follow the object; the reader throws on anything else.
            if (reader.Read())
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                    "This line has more after its JSON object. JSON Lines has exactly one object per line.", At(line, reader.TokenStartIndex)));
        }
        catch (JsonException ex)
        {
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                $"This line is not valid JSON: {TextFileChecks.WithoutBytePosition(ex.Message)} Each line must be one JSON object.",
                At(line, ex.BytePositionInLine ?? 0)));
        }
        catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException)
        {
            throw TextFileChecks.InvalidUtf8(FilePath);
        }
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        // With the whole line as the final block the reader throws on incomplete JSON rather than returning false.
        if (!reader.Read()) throw new JsonException("The line ends before the JSON object does.", null, 0, reader.BytesConsumed);
    }

    private SourceLocation At(ReadOnlySpan<byte> line, long bytePosition) => new(FilePath, _line, ColumnAt(line, bytePosition));

    /// <summary>The 1-based character column of a byte of the current line; positions only move forward within a record.</summary>
    private int ColumnAt(ReadOnlySpan<byte> line, long bytePosition)
    {
        var target = (int)Math.Min(bytePosition, line.Length);
        if (target < _scannedBytes)
        {
            _scannedBytes = 0;
            _scannedColumn = 1;
        }

        for (var i = _scannedBytes; i < target; i++) _scannedColumn += TextFileChecks.Utf16Width(line[i]);
        _scannedBytes = target;
        return _scannedColumn;
    }

    /// <summary>The next line without its terminator ("\n" or "\r\n"); false at the end of the file.</summary>
    private bool NextLine(out ReadOnlySpan<byte> line)
    {
        var searched = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = searched + newline;
                line = _buffer.AsSpan(_start, length);
                _start += length + 1;
                _line++;
                if (line.EndsWith("\r"u8)) line = line[..^1];
                return true;
            }

            if (_eof)
            {
                line = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                if (line.IsEmpty) return false;
                _line++;
                return true;
            }

            searched = _end - _start;
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _maxLineBytes)
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                    $"This line is longer than {_maxLineBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes. JSON Lines has one record per line; " +
                    "is this a JSON array or a pretty-printed file? Name it .json to read it as a JSON array.", new SourceLocation(FilePath, _line + 1, 1)));
            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, _maxLineBytes));
        }

        var read = Stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _eof = true;
        _end += read;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;
}

/// <summary>Words for JSON tokens in messages.</summary>
internal static class JsonTokens
{
    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
