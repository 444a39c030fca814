using System.Globalization;

namespace MlBuildTasks.Runtime;

/// <summary>
/// What counts as a date, the same when the build validates training data and when an app's input is checked: the
/// spec's <c>dateFormat</c>, or else one of the ISO 8601 forms (a free parse would also pass "03/31/2024" or a bare "10:30").
/// </summary>
public static class DateValues
{
    /// <summary>The signature's name for the default: no <c>dateFormat</c> in the spec.</summary>
    public const string IsoName = "ISO 8601";

    private static readonly string[] IsoFormats =
        ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>True when <paramref name="text"/> is a date in <paramref name="format"/> (read in <paramref name="culture"/>, default invariant), or in ISO 8601 when there is none.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, string? format, CultureInfo? culture = null) =>
        format is null or IsoName
            ? DateTime.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind, out _)
            : DateTime.TryParseExact(text, format, culture ?? CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _);
}
