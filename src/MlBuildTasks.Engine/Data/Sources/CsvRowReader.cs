using System.Globalization;
using System.Text;
using MlBuildTasks.Engine.Diagnostics;
using Sylvan.Data.Csv;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// Reads a delimited text file (CSV, TSV or any <see cref="SourceSpec.Delimiter"/>) a record at a time with
/// Sylvan.Data.Csv, in memory bounded by the longest record. Cells are handed out as spans of the parser's
/// buffer (no allocation per cell). Blank lines are skipped and every record keeps the line it starts on,
/// also after quoted fields that span lines. Every way a file can be unusable is an MLB2xxx error at its
/// line (and column where it has one).
/// </summary>
public sealed class CsvRowReader : IRowReader
{
    /// <summary>The longest record read, in characters (32 MB of memory); a longer one is MLB2004, not unbounded memory.</summary>
    public const int DefaultMaxRecordChars = 16 * 1024 * 1024;

    private const int InitialBufferChars = 64 * 1024;

    private readonly SourceSpec _spec;
    private readonly FileStream _file;
    private readonly string _path;
    private readonly char _delimiter;
    private readonly char _quote;
    private readonly int _maxRecordChars;
    private readonly CsvDataReader _csv;
    private readonly string[] _columns;
    private readonly string _expected;
    private bool _pending;
    private bool _done;
    private int _line;
    private int _nextLine;

    /// <summary>The current record was read by <see cref="ReadToCopy"/>: its inner line breaks are not in <see cref="_nextLine"/> yet.</summary>
    private bool _linesUncounted;

    public CsvRowReader(SourceSpec spec) : this(spec, DefaultMaxRecordChars)
    {
    }

    internal CsvRowReader(SourceSpec spec, int maxRecordChars) : this(spec, maxRecordChars, null)
    {
    }

    /// <summary>
    /// A reader of the file from <paramref name="start"/> on (see <see cref="OpenRangeAt"/>), or of the whole file when null.
    /// </summary>
    private CsvRowReader(SourceSpec spec, int maxRecordChars, RangeStart? start)
    {
        _spec = spec;
        _path = TextFileChecks.PathOf(spec);
        _delimiter = spec.Delimiter ?? (spec.Format == SourceFormat.Tsv ? '\t' : ',');
        _quote = spec.Quote ?? '"';
        _maxRecordChars = maxRecordChars;
        NumberCulture = spec.NumberCulture;
        var kind = _delimiter == '\t' ? "TSV" : "CSV";
        if (start is null) TextFileChecks.ThrowIfUnusable(_path, spec.DeclaredAt, kind);

        var options = new CsvDataReaderOptions
        {
            HasHeaders = spec.HasHeader && start is null,
            Delimiter = _delimiter,
            Quote = _quote,
            Escape = _quote,
            // Sylvan skips lines starting with '#' by default, which would drop data silently. NUL never starts a
            // line of text; if one does (past the binary probe), it is reported rather than skipped.
            Comment = '\0',
            CommentHandler = new Action<CsvDataReader, string>((_, _) => throw Binary()),
            BufferSize = Math.Min(InitialBufferChars, maxRecordChars),
            MaxBufferSize = maxRecordChars,
            OwnsReader = true,
        };

        // Errors while the header and first record are parsed belong to line 1 (header) or 2 (first record).
        _line = start?.Line ?? 1;
        _nextLine = _line;
        _file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        if (start is not null) _file.Position = start.Value.Byte;
        var text = TextFileChecks.StrictUtf8Reader(_file);
        try
        {
            _csv = CreateReader(text, options, options.HasHeaders);
        }
        catch (Exception ex) when (ex is DecoderFallbackException or CsvFormatException)
        {
            text.Dispose();
            throw Translate(ex);
        }
        catch
        {
            text.Dispose();
            throw;
        }

        try
        {
            if (start is { } range)
            {
                // The columns and how their count is described come from the reader of the file's start.
                (_columns, _expected) = (range.Columns, range.Expected);
            }
            else if (spec.HasHeader)
            {
                _columns = ReadHeader();
                _expected = $"the header has {_columns.Length}";
            }
            else if (spec.ColumnNames is { } names)
            {
                _columns = CheckNames(names, spec.DeclaredAt);
                _expected = $"the spec names {_columns.Length} columns";
            }
            else
            {
                // Without a header or names, the first record says how many columns there are: read it now.
                _pending = MoveNext(fieldCount: null);
                _columns = [.. Enumerable.Range(1, _pending ? _csv.RowFieldCount : 0).Select(i => $"Column{i}")];
                _expected = $"the first row has {_columns.Length}";
            }
        }
        catch
        {
            _csv.Dispose();
            throw;
        }
    }

    /// <summary>Where a reader of part of a file starts: a byte that starts both a line and a record, and that line.</summary>
    private readonly record struct RangeStart(long Byte, int Line, string[] Columns, string Expected);

    /// <summary>
    /// A reader of this file's rows from byte <paramref name="startByte"/> on, which must start line <paramref name="startLine"/>
    /// and a record (<c>ParallelCsvScan</c> checks both): no header is read there, and rows have this reader's columns.
    /// </summary>
    internal CsvRowReader OpenRangeAt(long startByte, int startLine) =>
        new(_spec, _maxRecordChars, new RangeStart(startByte, startLine, _columns, _expected));

    /// <summary>
    /// <see cref="Read"/> returns false, as at the end, once the next record would start on this line or later; raising it
    /// again goes on reading from there. Lets a reader stop where a reader of the file's second part started.
    /// </summary>
    internal int StopAtLine { get; set; } = int.MaxValue;

    /// <summary>
    /// Sets <see cref="StopAtLine"/> from <paramref name="stopLine"/>, asked once, before the first record read after the
    /// file's bytes up to <paramref name="fromByte"/> have been read (the parser reads ahead, so no record at or after that
    /// byte has been read yet). Lets a reader stop where a reader of the rest of the file starts, though the line it
    /// starts on is found while this reader reads.
    /// </summary>
    internal void StopAtLineOnceAt(long fromByte, Func<int> stopLine) => (_stopLineFrom, _stopLine) = (fromByte, stopLine);

    private long _stopLineFrom;
    private Func<int>? _stopLine;

    /// <summary>The line the next record (or blank line) starts on.</summary>
    internal int NextLine => _nextLine;

    public string Name => _path;

    public IReadOnlyList<string> Columns => _columns;

    public CultureInfo NumberCulture { get; }

    public SourceLocation RowLocation => new(_path, _line, 1);

    public int Line => _line;

    public bool Read()
    {
        if (_pending)
        {
            _pending = false;
            return true;
        }

        return !_done && MoveNext(_columns.Length);
    }

    /// <summary>
    /// <see cref="Read"/> for a caller that then copies the record with <see cref="CopyRowTo"/> (the batch reader): the
    /// record's inner line breaks, which the next record's line depends on, are counted by the copy, which reads the
    /// record anyway, rather than by a pass of their own here.
    /// </summary>
    internal bool ReadToCopy()
    {
        if (_pending)
        {
            _pending = false;
            return true;
        }

        return !_done && MoveNext(_columns.Length, countLines: false);
    }

    public ReadOnlySpan<char> GetSpan(int column) => _csv.GetFieldSpan(column);

    /// <summary>The record's text is copied once and values are kept as places in it (see <see cref="RowBatch.BeginRow"/>).</summary>
    public void CopyRowTo(RowBatch batch, long tag)
    {
        var raw = _csv.GetRawRecordSpan();
        var row = batch.BeginRow(raw, out var lineFeed);
        if (_linesUncounted)
        {
            _linesUncounted = false;
            // Without a line feed before the line end (nearly always) the record is one line. The line end itself (what
            // BeginRow trimmed) is one '\n', maybe after a '\r', unless the record ends oddly: then count as Read does.
            var end = raw.Length - row.RecordLength;
            if (lineFeed || end > 2 || (end == 2 && raw[^2] != '\r')) _nextLine += NewlinesInside(raw);
        }

        for (var c = 0; c < _columns.Length; c++)
        {
            var value = RowBatch.TrimValue(_csv.GetFieldSpan(c));
            if (value.IsEmpty) row.SetMissing(c);
            else row.Set(c, value);
        }

        row.End(NumberCulture, tag);
    }

    public bool IsMissing(int column) => _csv.GetFieldSpan(column).IsWhiteSpace();

    public bool TryGetValue(int column, out ReadOnlySpan<char> value)
    {
        value = _csv.GetFieldSpan(column);
        return !value.IsWhiteSpace();
    }

    /// <summary>The line and 1-based character column where the cell starts (its opening quote, if quoted).</summary>
    public SourceLocation CellLocation(int column)
    {
        var (lines, at) = FieldPosition(_csv.GetRawRecordSpan(), column, _delimiter, _quote);
        return new SourceLocation(_path, _line + lines, at);
    }

    public void Dispose() => _csv.Dispose();

    private CsvDataReader CreateReader(TextReader text, CsvDataReaderOptions options, bool hasHeader)
    {
        try
        {
            return CsvDataReader.Create(text, options);
        }
        catch (CsvFormatException ex) when (hasHeader && ex.RowNumber > 0)
        {
            _line = 2; // the header parsed; the first record did not
            throw;
        }
    }

    /// <summary>
    /// Advances to the next record that is not blank; false at the end. Without <paramref name="countLines"/>, the record's
    /// inner line breaks are left to <see cref="CopyRowTo"/>, which must copy it before the next record is read.
    /// </summary>
    private bool MoveNext(int? fieldCount, bool countLines = true)
    {
        while (true)
        {
            if (_stopLine is not null && _file.Position >= _stopLineFrom)
            {
                StopAtLine = _stopLine();
                _stopLine = null;
            }

            if (_nextLine >= StopAtLine) return false;
            // Set before reading: a format error while reading a record belongs to the line it starts on.
            _line = _nextLine;
            bool read;
            try
            {
                read = _csv.Read();
            }
            catch (Exception ex) when (ex is DecoderFallbackException or CsvFormatException)
            {
                throw Translate(ex);
            }

            if (!read)
            {
                _done = true;
                return false;
            }

            var raw = _csv.GetRawRecordSpan();
            var blank = _csv.RowFieldCount <= 1 && raw.IsWhiteSpace(); // blank lines are skipped, as pandas and most tools do
            _nextLine = _line + 1 + (countLines || blank ? NewlinesInside(raw) : 0);
            _linesUncounted = !countLines && !blank;
            if (blank) continue;

            if (fieldCount is { } expected && _csv.RowFieldCount != expected)
            {
                var found = _csv.RowFieldCount;
                // Too many: point at the first extra field. Too few: at the end of the record, where a delimiter is missing.
                var (lines, column) = FieldPosition(raw, found > expected ? expected : int.MaxValue, _delimiter, _quote);
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                    $"Row has {found} field(s) but {_expected}. Check for a missing or extra delimiter, or an unquoted '{Printable(_delimiter)}' inside a value.",
                    new SourceLocation(_path, _line + lines, column)));
            }

            return true;
        }
    }

    private string[] ReadHeader()
    {
        var names = new string[_csv.FieldCount];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var headerLines = 1;
        for (var i = 0; i < names.Length; i++)
        {
            var raw = _csv.GetName(i);
            headerLines += raw.Count('\n'); // a quoted header name may span lines
            var name = raw.Trim();
            if (name.Length == 0)
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                    $"Header field {i + 1} is empty. Every column needs a name in the first row.", HeaderFieldLocation(i)));
            if (seen.TryGetValue(name, out var first))
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataDuplicateHeader,
                    $"The header names column '{name}' twice (fields {first + 1} and {i + 1}). Column names must be unique.", HeaderFieldLocation(i)));
            seen.Add(name, i);
            names[i] = name;
        }

        _nextLine = 1 + headerLines;
        return names;
    }

    private static string[] CheckNames(IReadOnlyList<string> names, SourceLocation declaredAt)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                    "A column name given for the headerless file is empty. Every column needs a name.", declaredAt));
            if (!seen.Add(name))
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataDuplicateHeader,
                    $"The column names given for the headerless file name '{name}' twice. Column names must be unique.", declaredAt));
        }

        return [.. names];
    }

    /// <summary>The MLB2004 for a parser or decoder error in the record starting on <see cref="_line"/>.</summary>
    private MlBuildException Translate(Exception exception) => exception switch
    {
        // The decoder runs ahead of the parser, so the record being parsed says nothing; find the byte itself.
        DecoderFallbackException => TextFileChecks.InvalidUtf8(_path),
        CsvRecordTooLargeException => new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
            $"The record starting here is longer than {_maxRecordChars.ToString("N0", CultureInfo.InvariantCulture)} characters. This is nearly always a quote that is never closed, " +
            "so the rest of the file reads as one field; check the quotes on this line.", new SourceLocation(_path, _line, 1))),
        CsvFormatException ex => FormatError(ex),
        _ => throw new InvalidOperationException("Not a parse error.", exception),
    };

    private MlBuildException FormatError(CsvFormatException ex)
    {
        var (line, column) = LocateField(_line, ex.FieldOrdinal);
        return new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
            $"The data file is not valid {(_delimiter == '\t' ? "TSV" : "CSV")} here: {ex.Message} " +
            $"A field that starts with {_quote} must end with {_quote} before the next delimiter or line end, and a {_quote} inside it is written twice.",
            new SourceLocation(_path, line, column)));
    }

    private MlBuildException Binary() =>
        new(Diagnostic.Error(DiagnosticCodes.DataMalformed,
            "The data file has a NUL character at the start of a line, so it is binary, not text. Point the spec at a UTF-8 text file.",
            new SourceLocation(_path, _line, 1)));

    private SourceLocation HeaderFieldLocation(int field)
    {
        var (line, column) = LocateField(1, field);
        return new SourceLocation(_path, line, column);
    }

    /// <summary>
    /// Where field <paramref name="field"/> of the record starting on <paramref name="recordLine"/> starts, read
    /// again from the file: the parser has thrown the record away. An error path only.
    /// </summary>
    private (int Line, int Column) LocateField(int recordLine, int field)
    {
        if (field < 0) return (recordLine, 1);
        try
        {
            using var text = TextFileChecks.StrictUtf8Reader(File.OpenRead(_path));
            for (var line = 1; line < recordLine;)
            {
                var c = text.Read();
                if (c < 0) return (recordLine, 1);
                if (c == '\n') line++;
            }

            var buffer = new char[Math.Min(_maxRecordChars, 1024 * 1024)];
            var length = text.ReadBlock(buffer, 0, buffer.Length);
            var (lines, column) = FieldPosition(buffer.AsSpan(0, length), field, _delimiter, _quote);
            return (recordLine + lines, column);
        }
        catch (DecoderFallbackException)
        {
            return (recordLine, 1);
        }
    }

    /// <summary>
    /// Lines before, and 1-based column of, the start of field <paramref name="field"/> in the raw text of a record
    /// (quotes included); past the last field, the end of the record.
    /// </summary>
    internal static (int Lines, int Column) FieldPosition(ReadOnlySpan<char> raw, int field, char delimiter, char quote)
    {
        int lines = 0, column = 1, current = 0;
        var fieldStart = true;
        var quoted = false;
        for (var i = 0; i < raw.Length; i++)
        {
            if (fieldStart && current == field) return (lines, column);
            var c = raw[i];
            if (quoted)
            {
                if (c == quote)
                {
                    if (i + 1 < raw.Length && raw[i + 1] == quote) { i++; column++; }
                    else quoted = false;
                }
                else if (c == '\n') { lines++; column = 0; }
            }
            else if (c == delimiter)
            {
                current++;
                column++;
                fieldStart = true;
                continue;
            }
            else if (c is '\n' or '\r') return (lines, column);
            else if (fieldStart && c == quote) quoted = true;

            fieldStart = false;
            column++;
        }

        return (lines, column);
    }

    /// <summary>Line breaks inside a record (quoted multi-line fields); the record's own terminator is not counted.</summary>
    private static int NewlinesInside(ReadOnlySpan<char> raw)
    {
        if (raw.EndsWith("\n")) raw = raw[..^1];
        return raw.Count('\n');
    }

    private static string Printable(char c) => c == '\t' ? "\\t" : c.ToString();
}
