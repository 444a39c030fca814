using System.Globalization;

namespace MlBuildTasks.Engine.Data;

/// <summary>How a CSV cell is read as a value. Numbers use the invariant culture; an empty cell is missing.</summary>
public static class ValueParser
{
    private static readonly string[] TrueWords = ["true", "yes", "y", "1"];
    private static readonly string[] FalseWords = ["false", "no", "n", "0"];

    public static bool IsMissing(string value) => string.IsNullOrWhiteSpace(value);

    public static bool TryParseNumber(string value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);

    public static bool TryParseBoolean(string value, out bool result)
    {
        var trimmed = value.Trim();
        if (TrueWords.Contains(trimmed, StringComparer.OrdinalIgnoreCase)) { result = true; return true; }
        if (FalseWords.Contains(trimmed, StringComparer.OrdinalIgnoreCase)) { result = false; return true; }
        result = false;
        return false;
    }
}
