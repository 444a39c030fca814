using System.Globalization;

namespace MlBuildTasks.Engine.Data;

/// <summary>How a CSV cell is read as a value. Numbers use the invariant culture; an empty cell is missing.</summary>
public static class ValueParser
{
    /// <summary>10^0 to 10^22: every one exactly representable as a double (Clinger's fast path needs that).</summary>
    private static readonly double[] PowersOf10 =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    public static bool IsMissing(string value) => string.IsNullOrWhiteSpace(value);

    /// <summary>
    /// Parses a number written in <paramref name="culture"/> (NaN and Infinity parse; callers check finiteness).
    /// Group separators ("1.234,5" in de-DE) are accepted only for a named culture: in the invariant
    /// culture "1,5" must not silently read as 15.
    /// </summary>
    public static bool TryParseNumber(ReadOnlySpan<char> value, CultureInfo culture, out double number)
    {
        var invariant = ReferenceEquals(culture, CultureInfo.InvariantCulture);
        if (invariant && TryParsePlainDecimal(value, out number)) return true;
        return double.TryParse(value, invariant || culture.Name.Length == 0 ? NumberStyles.Float : NumberStyles.Float | NumberStyles.AllowThousands, culture, out number);
    }

    /// <summary>
    /// The common case of a data file, "-12.5" (an optional minus, digits, an optional point, at most 15
    /// significant digits and 22 decimals), without <see cref="double.TryParse(ReadOnlySpan{char}, out double)"/>'s
    /// generality. The digits as a whole number and the power of ten are then both exact doubles, so one
    /// division gives the correctly rounded value (Clinger's fast path): the same double as double.Parse.
    /// Anything else returns false and goes to double.TryParse.
    /// </summary>
    internal static bool TryParsePlainDecimal(ReadOnlySpan<char> value, out double number)
    {
        number = 0;
        var negative = value.Length > 0 && value[0] == '-';
        var i = negative ? 1 : 0;
        var firstDigit = i;
        ulong mantissa = 0;
        var significant = 0;
        // The digits before the point, then those after it: two tight loops rather than one that asks about the
        // point at every digit. Past 15 significant digits the mantissa may overflow, but the number is refused then.
        for (; i < value.Length; i++)
        {
            var d = (uint)(value[i] - '0');
            if (d > 9) break;
            mantissa = mantissa * 10 + d;
            if (mantissa != 0) significant++; // leading zeros are not significant
        }

        var digits = i - firstDigit;
        var decimals = 0;
        if (i < value.Length)
        {
            if (value[i] != '.') return false;
            var firstDecimal = ++i;
            for (; i < value.Length; i++)
            {
                var d = (uint)(value[i] - '0');
                if (d > 9) return false;
                mantissa = mantissa * 10 + d;
                if (mantissa != 0) significant++;
            }

            decimals = i - firstDecimal;
            digits += decimals;
        }

        if (digits == 0 || significant > 15 || decimals >= PowersOf10.Length) return false;
        var magnitude = mantissa / PowersOf10[decimals];
        number = negative ? -magnitude : magnitude;
        return true;
    }

    public static bool TryParseBoolean(string value, out bool result) => TryParseBoolean(value.AsSpan(), out result);

    /// <summary>true/yes/y/1 and false/no/n/0, in any case.</summary>
    public static bool TryParseBoolean(ReadOnlySpan<char> value, out bool result)
    {
        var trimmed = value.Trim();
        // By length first: one comparison per value instead of trying all eight words.
        (result, var word) = trimmed.Length switch
        {
            1 => trimmed[0] switch
            {
                'y' or 'Y' or '1' => (true, ""),
                'n' or 'N' or '0' => (false, ""),
                _ => (false, null),
            },
            2 => (false, "no"),
            3 => (true, "yes"),
            4 => (true, "true"),
            5 => (false, "false"),
            _ => (false, (string?)null),
        };

        if (word is null || (word.Length > 0 && !trimmed.Equals(word, StringComparison.OrdinalIgnoreCase)))
        {
            result = false;
            return false;
        }

        return true;
    }
}
