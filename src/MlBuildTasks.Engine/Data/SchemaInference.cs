using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Data;

/// <summary>What the data says about one column when the spec does not.</summary>
public sealed record InferredColumn(string Name, ColumnType Type, bool HasMissing, bool LooksLikeId, double? Min, double? Max, int DistinctCount);

/// <summary>
/// Infers a column's type from its values: numbers, then booleans, then categories (at most
/// <see cref="MaxCategories"/> distinct values), else free text. A text column whose every value is
/// distinct is flagged as an identifier, which is not a useful feature.
/// </summary>
public static class SchemaInference
{
    public const int MaxCategories = 100;

    public static InferredColumn Infer(string name, IEnumerable<string> values, System.Globalization.CultureInfo? culture = null)
    {
        var allNumbers = true;
        var allBooleans = true;
        var hasMissing = false;
        var count = 0;
        double min = double.MaxValue, max = double.MinValue;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (ValueParser.IsMissing(value)) { hasMissing = true; continue; }
            count++;
            distinct.Add(value);
            if (allNumbers && ValueParser.TryParseNumber(value, culture ?? System.Globalization.CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            {
                min = Math.Min(min, number);
                max = Math.Max(max, number);
            }
            else allNumbers = false;

            if (allBooleans && !ValueParser.TryParseBoolean(value, out _)) allBooleans = false;
        }

        if (count == 0) return new InferredColumn(name, ColumnType.Text, hasMissing, false, null, null, 0);

        // "0"/"1" columns are numbers to the data but read better as booleans only when words are used.
        var numericBooleans = allBooleans && distinct.All(v => v is "0" or "1");
        if (allNumbers && !(allBooleans && !numericBooleans))
            return new InferredColumn(name, ColumnType.Number, hasMissing, false, min, max, distinct.Count);
        if (allBooleans) return new InferredColumn(name, ColumnType.Boolean, hasMissing, false, null, null, distinct.Count);
        if (distinct.Count <= MaxCategories && distinct.Count < count)
            return new InferredColumn(name, ColumnType.Category, hasMissing, false, null, null, distinct.Count);
        return new InferredColumn(name, ColumnType.Text, hasMissing, distinct.Count == count && count > 1, null, null, distinct.Count);
    }
}
