using System.Text;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using Sylvan.Data.Csv;

namespace MlBuildTasks.Engine.Data;

/// <summary>
/// Reads a CSV file (RFC 4180, header row, UTF-8) with Sylvan.Data.Csv. Every way a file can be unusable
/// gets its own MLB2xxx error with the line where it happens; nothing here throws anything else.
/// </summary>
public static class CsvTableReader
{
    private const int BinaryProbeBytes = 8192;

    public static DataTable Read(string path, SourceLocation? declaredAt = null)
    {
        if (!File.Exists(path))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataFileNotFound,
                $"The data file '{path}' does not exist. Check the 'data' path in the spec (it is relative to the spec file).", declaredAt));

        var info = new FileInfo(path);
        if (info.Length == 0)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataFileEmpty,
                "The data file is empty. Expected a header row naming the columns, then one row per example.", new SourceLocation(path)));

        ThrowIfBinary(path);

        var at = new SourceLocation(path, 1, 1);
        using var bytes = new LineCountingStream(File.OpenRead(path));
        try
        {
            using var text = new StreamReader(bytes, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
            using var csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',' });
            var headers = ReadHeaders(csv, path);
            var rows = new List<string[]>();
            var lines = new List<int>();
            var line = 2;
            while (true)
            {
                // Set before reading: a format error while reading a record belongs to the line it starts on.
                at = new SourceLocation(path, line, 1);
                if (!csv.Read()) break;
                var recordLines = 1 + CountNewlines(csv.GetRawRecordSpan());
                if (IsBlank(csv))
                {
                    line += recordLines; // blank lines are skipped, as pandas and most CSV tools do
                    continue;
                }

                if (csv.RowFieldCount != headers.Count)
                    throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                        $"Row has {csv.RowFieldCount} field(s) but the header has {headers.Count}. Check for a missing or extra delimiter, or an unquoted comma inside a value.", at));

                var values = new string[headers.Count];
                for (var i = 0; i < values.Length; i++) values[i] = csv.GetString(i);
                rows.Add(values);
                lines.Add(line);
                line += recordLines;
            }

            if (rows.Count == 0)
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataNoRows,
                    "The data file has a header but no data rows. Add at least one row per example.", new SourceLocation(path, 1, 1)));

            return new DataTable(path, headers, rows, lines);
        }
        catch (DecoderFallbackException ex)
        {
            // The decoder runs ahead of the parser: the bad byte's line comes from the raw bytes.
            var line = ex.Index >= 0 ? bytes.LineAt(ex.Index) : at.Line;
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                "The data file is not valid UTF-8. Save it as UTF-8 (with or without BOM).", new SourceLocation(path, line, 1)));
        }
        catch (CsvFormatException ex)
        {
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                $"The data file is not valid CSV near here: {ex.Message} Check for an unterminated quote.", at));
        }
    }

    private static List<string> ReadHeaders(CsvDataReader csv, string path)
    {
        var headers = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < csv.FieldCount; i++)
        {
            var name = csv.GetName(i).Trim();
            if (name.Length == 0)
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                    $"Header field {i + 1} is empty. Every column needs a name in the first row.", new SourceLocation(path, 1, 1)));
            if (!seen.Add(name))
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataDuplicateHeader,
                    $"The header names column '{name}' twice. Column names must be unique.", new SourceLocation(path, 1, 1)));
            headers.Add(name);
        }

        return headers;
    }

    private static void ThrowIfBinary(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[BinaryProbeBytes];
        var read = stream.Read(buffer, 0, buffer.Length);
        if (Array.IndexOf(buffer, (byte)0, 0, read) >= 0)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataMalformed,
                "The data file looks binary (it contains NUL bytes), not CSV text. Point the spec at a CSV file.", new SourceLocation(path)));
    }

    private static bool IsBlank(CsvDataReader csv) => csv.RowFieldCount <= 1 && csv.GetRawRecordSpan().Trim().Length == 0;

    /// <summary>Line breaks inside a record (quoted multi-line fields); the record's own terminator is not counted.</summary>
    private static int CountNewlines(ReadOnlySpan<char> raw)
    {
        raw = raw.TrimEnd("\r\n");
        var count = 0;
        foreach (var c in raw) if (c == '\n') count++;
        return count;
    }
}
