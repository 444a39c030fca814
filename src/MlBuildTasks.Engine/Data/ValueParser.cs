using System.Globalization;

namespace MlBuildTasks.Engine.Data;

/// <summary>How a CSV cell is read as a value. Numbers use the invariant culture; an empty cell is missing.</summary>
public static class ValueParser
{
    private static readonly string[] TrueWords = ["true", "yes", "y", "1"];
    private static readonly string[] FalseWords = ["false", "no", "n", "0"];

    public static bool IsMissing(string value) => string.IsNullOrWhiteSpace(value);

    /// <summary>
    /// Parses a number written in <paramref name="culture"/> (NaN and Infinity parse; callers check finiteness).
    /// Group separators ("1.234,5" in de-DE) are accepted only for a named culture: in the invariant
    /// culture "1,5" must not silently read as 15.
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> value, CultureInfo culture, out double number) =>
        double.TryParse(value, ReferenceEquals(culture, CultureInfo.InvariantCulture) || culture.Name.Length == 0 ? NumberStyles.Float : NumberStyles.Float | NumberStyles.AllowThousands, culture, out number);

    public static bool TryParseBoolean(string value, out bool result) => TryParseBoolean(value.AsSpan(), out result);

    public static bool TryParseBoolean(ReadOnlySpan<char> value, out bool result)
    {
        var trimmed = value.Trim();
        foreach (var word in TrueWords)
            if (trimmed.Equals(word, StringComparison.OrdinalIgnoreCase)) { result = true; return true; }
        foreach (var word in FalseWords)
            if (trimmed.Equals(word, StringComparison.OrdinalIgnoreCase)) { result = false; return true; }
        result = false;
        return false;
    }
}
