using System.Globalization;

namespace MlBuildTasks.Engine.Data.Sources;

/// <summary>
/// Typed values (Parquet, database) as the text a CSV of the same data would hold, in the invariant culture:
/// numbers round-trip (shortest text that parses back to the same double), booleans "true"/"false", dates and
/// times ISO 8601 ("o"), dates alone yyyy-MM-dd, durations "c", binary as base64.
/// </summary>
internal static class InvariantText
{
    /// <summary>The format string for a type (null: the type's default, which is already invariant-safe).</summary>
    public static string? FormatOf(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(Half) ? "R"
        : type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeOnly) ? "O"
        : type == typeof(DateOnly) ? "yyyy-MM-dd"
        : type == typeof(TimeSpan) ? "c"
        : type == typeof(Guid) ? "D"
        : null;

    /// <summary>Formats <paramref name="value"/> into <paramref name="buffer"/> (grown as needed); no allocation for the usual types.</summary>
    public static int Format<T>(T value, ref char[] buffer, string? format) where T : ISpanFormattable
    {
        while (true)
        {
            if (value.TryFormat(buffer, out var written, format, CultureInfo.InvariantCulture)) return written;
            buffer = new char[buffer.Length * 2];
        }
    }

    /// <summary>
    /// A database or Parquet value as text, or null for a value that is not a scalar (an array, list or map),
    /// which a cell cannot hold. Strings are returned as they are; other values are formatted into <paramref name="buffer"/>.
    /// </summary>
    public static ReadOnlyMemory<char>? Of(object value, ref char[] buffer)
    {
        switch (value)
        {
            case string text:
                return text.AsMemory();
            case bool flag:
                return (flag ? "true" : "false").AsMemory();
            case char c:
                buffer[0] = c;
                return buffer.AsMemory(0, 1);
            case byte[] bytes:
                var needed = (bytes.Length + 2) / 3 * 4;
                if (buffer.Length < needed) buffer = new char[needed];
                Convert.TryToBase64Chars(bytes, buffer, out var length);
                return buffer.AsMemory(0, length);
            case ReadOnlyMemory<char> memory:
                return memory;
            case System.Collections.IEnumerable:
                return null; // an array, list or map: not one value
            case ISpanFormattable formattable:
                return buffer.AsMemory(0, Format(formattable, ref buffer, FormatOf(value.GetType())));
            case IFormattable formattable:
                return formattable.ToString(FormatOf(value.GetType()), CultureInfo.InvariantCulture).AsMemory();
            default:
                return (value.ToString() ?? "").AsMemory();
        }
    }
}
