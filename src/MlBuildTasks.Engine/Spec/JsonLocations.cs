using System.Text;
using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Spec;

/// <summary>
/// Line and column of every property and array element of a JSON document, keyed by JSON Pointer
/// (<c>/columns/Tenure/min</c>). System.Text.Json's DOM forgets positions; diagnostics need them.
/// </summary>
public sealed class JsonLocations
{
    private readonly Dictionary<string, (int Line, int Column)> _positions = new(StringComparer.Ordinal);

    public JsonLocations(string file) => File = file;

    public string File { get; }

    /// <summary>The location of <paramref name="pointer"/>, or of its nearest ancestor that has one.</summary>
    public SourceLocation At(string pointer)
    {
        for (var p = pointer; ; p = p[..p.LastIndexOf('/')])
        {
            if (_positions.TryGetValue(p, out var pos)) return new SourceLocation(File, pos.Line, pos.Column);
            if (p.Length == 0) return new SourceLocation(File, 1, 1);
        }
    }

    public static string Escape(string segment) => segment.Replace("~", "~0").Replace("/", "~1");

    /// <summary>Walks the document once, recording where each value's key (or element) starts.</summary>
    public static JsonLocations Map(string file, ReadOnlySpan<byte> utf8, JsonReaderOptions options)
    {
        var map = new JsonLocations(file);
        var lineStarts = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, options);
        var path = new Stack<Frame>();
        string? pendingProperty = null;
        long pendingOffset = 0;

        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.Comment) continue;
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                pendingProperty = reader.GetString();
                pendingOffset = reader.TokenStartIndex;
                continue;
            }

            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                path.Pop();
                continue;
            }

            // A value starts here: name it by its parent and key or index.
            string pointer;
            long offset;
            if (path.Count == 0) { pointer = ""; offset = reader.TokenStartIndex; }
            else if (path.Peek().IsArray)
            {
                var parent = path.Pop();
                pointer = parent.Pointer + "/" + parent.NextIndex;
                path.Push(parent with { NextIndex = parent.NextIndex + 1 });
                offset = reader.TokenStartIndex;
            }
            else
            {
                pointer = path.Peek().Pointer + "/" + Escape(pendingProperty ?? "");
                offset = pendingOffset;
            }

            map._positions[pointer] = Position(lineStarts, utf8, offset);
            if (reader.TokenType == JsonTokenType.StartObject) path.Push(new Frame(pointer, false, 0));
            else if (reader.TokenType == JsonTokenType.StartArray) path.Push(new Frame(pointer, true, 0));
        }

        return map;
    }

    /// <summary>1-based line and column (in characters) of a byte offset.</summary>
    public static (int Line, int Column) Position(IReadOnlyList<int> lineStarts, ReadOnlySpan<byte> utf8, long offset)
    {
        var line = 0;
        var lo = 0;
        var hi = lineStarts.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (lineStarts[mid] <= offset) { line = mid; lo = mid + 1; }
            else hi = mid - 1;
        }

        var start = lineStarts[line];
        var column = Encoding.UTF8.GetCharCount(utf8[start..(int)Math.Min(offset, utf8.Length)]) + 1;
        return (line + 1, column);
    }

    public static List<int> LineStarts(ReadOnlySpan<byte> utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
            if (utf8[i] == (byte)'\n') starts.Add(i + 1);
        return starts;
    }

    private sealed record Frame(string Pointer, bool IsArray, int NextIndex);
}
