using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlBuildTasks.Engine.Training;

/// <summary>
/// A date column's features: year, month, day of month, day of week (Sunday 0) and hour, computed inside the
/// model from the column's text so an app passes the raw value. Only ML.NET built-ins, so the saved model
/// loads anywhere without registering code: ConvertType parses the text to DateTime (ML.NET's parse is
/// <c>DateTime.TryParse</c> with the invariant culture, offsets converted to UTC) and the DateTime to its
/// ticks; Expression transforms turn the ticks into the parts (civil-from-days, Howard Hinnant's algorithm,
/// in the expression language's truncating Int64 arithmetic). Empty and unparseable text both become
/// DateTime's default (tick 0), so tick 0 is read as missing and the parts are filled with their training mean.
/// </summary>
public static class DateFeatures
{
    /// <summary>The features in order, the slots of the column's feature vector.</summary>
    public static readonly IReadOnlyList<string> Parts = ["year", "month", "day", "dayOfWeek", "hour"];

    private const string TicksPerDay = "864000000000L";
    private const string TicksPerHour = "36000000000L";

    // Days since 0001-01-01 shifted to days since 0000-03-01 (Hinnant counts from 1970-01-01 plus 719468;
    // 1970-01-01 is day 719162), split into 400-year eras; ticks are never negative, so every division truncates
    // the way the algorithm's floors would.
    private const string Civil =
        "with(z = t / " + TicksPerDay + " + 306L, era = z / 146097L, doe = z - era * 146097L, " +
        "yoe = (doe - doe / 1460L + doe / 36524L - doe / 146096L) / 365L, doy = doe - (365L * yoe + yoe / 4L - yoe / 100L), " +
        "mp = (5L * doy + 2L) / 153L; ";

    private static readonly Dictionary<string, string> PartExpressions = new(StringComparer.Ordinal)
    {
        ["year"] = Civil + "float(era * 400L + yoe + (mp < 10L ? 0L : 1L)))",
        ["month"] = Civil + "float(mp < 10L ? mp + 3L : mp - 9L))",
        ["day"] = Civil + "float(doy - (153L * mp + 2L) / 5L + 1L))",
        // 0001-01-01 was a Monday (DayOfWeek 1).
        ["dayOfWeek"] = "float((t / " + TicksPerDay + " + 1L) % 7L)",
        ["hour"] = "float(t % " + TicksPerDay + " / " + TicksPerHour + ")",
    };

    /// <summary>
    /// The estimators that turn the text column <paramref name="input"/> into the vector <paramref name="output"/>
    /// (one slot per <see cref="Parts"/>), missing parts replaced by the mean of the rows the model is fitted on.
    /// </summary>
    public static IEstimator<ITransformer> Build(MLContext ml, string output, string input)
    {
        var dateTime = "__dt_" + input;
        var ticks = "__dticks_" + input;
        var parts = Parts.Select(p => $"__d_{input}_{p}").ToArray();
        IEstimator<ITransformer> chain = ml.Transforms.Conversion.ConvertType(dateTime, input, DataKind.DateTime)
            .Append(ml.Transforms.Conversion.ConvertType(ticks, dateTime, DataKind.Int64));
        for (var i = 0; i < parts.Length; i++)
            chain = chain.Append(ml.Transforms.Expression(parts[i], $"t => t == 0L ? na(0f) : {PartExpressions[Parts[i]]}", ticks));
        return chain
            .Append(ml.Transforms.Concatenate(output + "_raw", parts))
            .Append(ml.Transforms.ReplaceMissingValues(output, output + "_raw", MissingValueReplacingEstimator.ReplacementMode.Mean))
            .Append(ml.Transforms.DropColumns([dateTime, ticks, output + "_raw", .. parts]));
    }

    private static readonly DateTime[] Probes =
    [
        new(2024, 1, 2, 3, 4, 5), new(2024, 12, 31, 23, 59, 0), new(1999, 7, 13, 14, 0, 0), new(2031, 11, 5, 9, 30, 15),
    ];

    /// <summary>
    /// Whether the model reads dates written in <paramref name="format"/> (a .NET format, as the validator reads
    /// them with <paramref name="culture"/>) as the same instant: a few probe dates, days above and below 12
    /// (a day/month swap shows), written in the format, must parse back the same under ML.NET's parse.
    /// </summary>
    public static bool ModelReads(string format, CultureInfo culture)
    {
        const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        foreach (var probe in Probes)
        {
            string text;
            try { text = probe.ToString(format, culture); }
            catch (FormatException) { return false; }
            if (!DateTime.TryParseExact(text, format, culture, Utc, out var meant)) return false;
            if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, Utc, out var read) || read != meant) return false;
        }

        return true;
    }
}
