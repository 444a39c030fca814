using System.Collections;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Testing.Models;

namespace MlBuildTasks.Testing.Predictions;

/// <summary>
/// Turns a row as a test writes it (an anonymous object or a dictionary, keyed by the column names the spec uses) into
/// the model's input values. A key of no input, or an input with no key, is an <see cref="ArgumentException"/> that names
/// the model's inputs: a typo must not silently test a different row. Null is a missing value.
/// </summary>
internal sealed class RowValues(IReadOnlyList<ModelInput> inputs, DataViewSchema schema)
{
    /// <summary>The row's values by spec column name, in the order given.</summary>
    public static IReadOnlyList<KeyValuePair<string, object?>> Entries(object row) => row switch
    {
        IEnumerable<KeyValuePair<string, object?>> pairs => pairs.ToList(),
        IDictionary dictionary => dictionary.Cast<DictionaryEntry>().Select(e => new KeyValuePair<string, object?>(System.Convert.ToString(e.Key, CultureInfo.InvariantCulture)!, e.Value)).ToList(),
        _ => row.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => new KeyValuePair<string, object?>(p.Name, p.GetValue(row))).ToList(),
    };

    /// <summary><paramref name="row"/> with <paramref name="column"/> set to <paramref name="value"/> (added when absent).</summary>
    public static IReadOnlyList<KeyValuePair<string, object?>> With(object row, string column, object? value)
    {
        var entries = Entries(row).ToList();
        var index = entries.FindIndex(e => e.Key == column);
        if (index >= 0) entries[index] = new(column, value);
        else entries.Add(new(column, value));
        return entries;
    }

    /// <summary>The values in the model's input schema order, each of its column's raw type.</summary>
    public object[] Convert(object row)
    {
        var given = new Dictionary<string, object?>();
        foreach (var (key, value) in Entries(row))
        {
            var input = Find(key) ?? throw new ArgumentException(
                $"The row has a value for '{key}', which is not an input of the model. Its inputs are: {Names()}.{Suggest(key)}", nameof(row));
            given[input.ModelColumn] = value;
        }

        var missing = inputs.Where(i => !given.ContainsKey(i.ModelColumn)).Select(i => i.Name).ToList();
        if (missing.Count > 0)
            throw new ArgumentException(
                $"The row has no value for {string.Join(", ", missing.Select(m => $"'{m}'"))}. Give every input (null for a missing value); the model's inputs are: {Names()}.", nameof(row));

        var values = new object[schema.Count];
        foreach (var column in schema)
        {
            var input = inputs.FirstOrDefault(i => i.ModelColumn == column.Name);
            values[column.Index] = ValueOf(column, input, input is null ? null : given[column.Name]);
        }

        return values;
    }

    /// <summary>An input by its spec name, or by its model column name (a C# identifier an anonymous object can use).</summary>
    public ModelInput? Find(string name) =>
        inputs.FirstOrDefault(i => i.Name == name) ?? inputs.FirstOrDefault(i => i.ModelColumn == name);

    private string Names() => string.Join(", ", inputs.Select(i => i.Name));

    private string Suggest(string key)
    {
        var closest = inputs.Select(i => i.Name).OrderBy(n => Distance(n.ToLowerInvariant(), key.ToLowerInvariant())).FirstOrDefault();
        return closest is not null && Distance(closest.ToLowerInvariant(), key.ToLowerInvariant()) <= Math.Max(2, key.Length / 3) ? $" Did you mean '{closest}'?" : "";
    }

    private static object ValueOf(DataViewSchema.Column column, ModelInput? input, object? value)
    {
        var name = input?.Name ?? column.Name;
        var raw = column.Type.RawType;
        if (raw == typeof(float)) return ToSingle(name, value);
        if (raw == typeof(double)) return (double)ToSingle(name, value);
        if (raw == typeof(bool)) return value is null ? false : ToSingle(name, value) != 0;
        if (raw == typeof(ReadOnlyMemory<char>)) return ToText(value).AsMemory();
        throw new NotSupportedException($"Input '{name}' has the model type {column.Type}, which MlBuildTasks.Testing cannot fill.");
    }

    private static float ToSingle(string name, object? value) => value switch
    {
        null => float.NaN,
        bool flag => flag ? 1f : 0f,
        string text when bool.TryParse(text, out var flag) => flag ? 1f : 0f,
        string text when float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => number,
        string text => throw new ArgumentException($"Input '{name}' is a number, but the row gives \"{text}\"."),
        IConvertible convertible => System.Convert.ToSingle(convertible, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Input '{name}' is a number, but the row gives a {value.GetType().Name}."),
    };

    private static string ToText(object? value) => value switch
    {
        null => "",
        string text => text,
        DateTime { TimeOfDay.Ticks: 0 } date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }

        return previous[b.Length];
    }
}
