using System.Buffers;
using System.Text;
using System.Text.Json;

namespace MlBuildTasks.Engine.Monitoring.Logs;

/// <summary>What a read of prediction logs found: records, lines that were not a record, and the first of those.</summary>
public sealed record LogScan(long Records, long Files, long MalformedLines, string? FirstMalformed);

/// <summary>
/// Streams prediction logs (JSON Lines, the format MlBuildTasks.Runtime's PredictionLog writes; docs/monitoring.md) once,
/// in constant memory: a file is read in 1 MB blocks, each line parsed in place with <see cref="Utf8JsonReader"/> and its
/// values handed to an <see cref="ILogVisitor"/>. A line that is not a JSON record (a stray edit, a crash) is counted and
/// skipped, and the first one is named with its file and line, so one bad line never costs the whole check. A last line
/// without its line feed that is not a whole record is a record still being written, and is left for the next check.
/// </summary>
public static class PredictionLogReader
{
    private const int BlockSize = 1 << 20;

    /// <summary>The log files of <paramref name="model"/> in <paramref name="directory"/>: <c>&lt;Model&gt;.predictions.*.jsonl</c>, in name (time) order.</summary>
    public static IReadOnlyList<string> FilesIn(string directory, string model) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, model + ".predictions.*.jsonl").Order(StringComparer.Ordinal).ToList()
            : [];

    public static LogScan Read(IReadOnlyList<string> files, LogSchema schema, ILogVisitor visitor)
    {
        long records = 0, malformed = 0;
        string? first = null;
        var buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        try
        {
            foreach (var file in files)
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
                var filled = 0;
                var line = 0;
                while (true)
                {
                    if (filled == buffer.Length) buffer = Grow(buffer); // a line longer than the block
                    var read = stream.Read(buffer, filled, buffer.Length - filled);
                    var end = filled + read;
                    var start = 0;
                    // Whole lines in the block; at the end of the file the last line needs no line feed.
                    while (start < end)
                    {
                        var feed = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                        if (feed < 0 && read > 0) break;
                        var length = feed < 0 ? end - start : feed;
                        line++;
                        var text = buffer.AsSpan(start, length).TrimEnd((byte)'\r');
                        if (!text.IsEmpty && !text.IsWhiteSpace())
                        {
                            if (TryVisit(text, schema, visitor)) records++;
                            // A last line without its line feed is a record still being written (the writer ends every record with one): not malformed.
                            else if (feed >= 0 && malformed++ == 0) first = $"{file}({line})";
                        }

                        start += length + (feed < 0 ? 0 : 1);
                    }

                    if (read == 0) break;
                    filled = end - start;
                    buffer.AsSpan(start, filled).CopyTo(buffer);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new LogScan(records, files.Count, malformed, first);
    }

    private static byte[] Grow(byte[] buffer)
    {
        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.CopyTo(larger, 0);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }

    private static bool IsWhiteSpace(this Span<byte> text) => text.Trim(" \t"u8).IsEmpty;

    /// <summary>
    /// One record. Values reach the visitor as they are read, so a record found malformed half-way has told some of
    /// them already: the visitor's <see cref="ILogVisitor.EndRecord"/> is called only for a whole record, and visitors
    /// keep a record's values aside until then.
    /// </summary>
    private static bool TryVisit(ReadOnlySpan<byte> line, LogSchema schema, ILogVisitor visitor)
    {
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            var begun = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String || begun) return false;
                    visitor.BeginRecord(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
                    begun = true;
                }
                else if (begun && reader.ValueTextEquals("inputs"u8)) { if (!Values(ref reader, schema, LogSide.Input, visitor)) return false; }
                else if (begun && reader.ValueTextEquals("outputs"u8)) { if (!Values(ref reader, schema, LogSide.Output, visitor)) return false; }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (!begun || reader.TokenType != JsonTokenType.EndObject || reader.Read()) return false;
            visitor.EndRecord();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Values(ref Utf8JsonReader reader, LogSchema schema, LogSide side, ILogVisitor visitor)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        var names = schema.Names(side);
        var expected = 0;
        Span<char> text = stackalloc char[256];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = Find(ref reader, names, expected);
            reader.Read();
            if (column < 0)
            {
                reader.Skip();
                continue;
            }

            expected = column + 1;
            switch (reader.TokenType)
            {
                case JsonTokenType.Number: visitor.Number(side, column, reader.GetDouble()); break;
                case JsonTokenType.True: visitor.Boolean(side, column, true); break;
                case JsonTokenType.False: visitor.Boolean(side, column, false); break;
                case JsonTokenType.Null: visitor.Missing(side, column); break;
                case JsonTokenType.String:
                    var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
                    var chars = length <= text.Length ? text : new char[length];
                    visitor.Text(side, column, chars[..reader.CopyString(chars)]);
                    break;
                default:
                    reader.Skip(); // an array (a multiclass score): not a column the drift check compares
                    break;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static int Find(ref Utf8JsonReader reader, byte[][] names, int expected)
    {
        if (expected < names.Length && reader.ValueTextEquals(names[expected])) return expected;
        for (var i = 0; i < names.Length; i++)
            if (i != expected && reader.ValueTextEquals(names[i])) return i;
        return -1;
    }
}
