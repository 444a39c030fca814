using System.Globalization;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Evaluation;

/// <summary>
/// One declared slice over the test rows: its groups' names (<c>Contract=Month-to-month</c>, <c>Tenure in [12, 24)</c>)
/// and each row's group, as a float column the scored rows carry so that each group is one range filter.
/// </summary>
public sealed class SliceGroups
{
    /// <summary>A category slice names at most this many values (the most frequent); the rest are one group, so a slice stays a handful of passes.</summary>
    public const int MaxValues = 50;

    private SliceGroups(string column, IReadOnlyList<string> names, float[] groupOfRow)
    {
        Column = column;
        Names = names;
        GroupOfRow = groupOfRow;
        Counts = new int[names.Count];
        foreach (var group in groupOfRow) Counts[(int)group]++;
    }

    /// <summary>The data column sliced by.</summary>
    public string Column { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Each test row's group, an index into <see cref="Names"/>.</summary>
    public float[] GroupOfRow { get; }

    public int[] Counts { get; }

    /// <summary>The name of the column holding <see cref="GroupOfRow"/> in the test view; model columns never have a '.'.</summary>
    public string ViewColumn => "mlbuild.slice." + Column;

    /// <summary>The test view's extra column for this slice.</summary>
    public (string Name, DataViewType Type, Array Values) ViewColumnData => (ViewColumn, NumberDataViewType.Single, GroupOfRow);

    /// <summary>
    /// The groups of <paramref name="slice"/> over the test rows: a number column's values (<paramref name="numbers"/>,
    /// NaN when missing) by its bins or quartiles, a boolean's (1, 0, NaN) or a category's (<paramref name="texts"/>) by value.
    /// </summary>
    public static SliceGroups For(SliceSpec slice, ColumnType type, IReadOnlyList<float>? numbers, IReadOnlyList<string>? texts) => type switch
    {
        ColumnType.Number => ByBins(slice.Column, numbers!, slice.Bins ?? Quartiles(numbers!)),
        ColumnType.Boolean => ByValue(slice.Column, numbers!.Select(v => float.IsNaN(v) ? "" : v != 0 ? "true" : "false").ToList()),
        _ => ByValue(slice.Column, texts!),
    };

    /// <summary>One group per value in ordinal order (an empty value is missing, last), the most frequent <see cref="MaxValues"/> when there are more.</summary>
    public static SliceGroups ByValue(string column, IReadOnlyList<string> values)
    {
        var counts = values.Where(v => v.Length > 0).GroupBy(v => v, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var named = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(MaxValues)
            .Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        var index = named.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);
        var names = named.Select(v => $"{column}={v}").ToList();
        var other = counts.Count > named.Count ? AddGroup(names, $"{column} other values") : -1;
        var missing = values.Any(v => v.Length == 0) ? AddGroup(names, $"{column} missing") : -1;
        var groups = values.Select(v => (float)(v.Length == 0 ? missing : index.TryGetValue(v, out var i) ? i : other)).ToArray();
        return new SliceGroups(column, names, groups);
    }

    /// <summary>
    /// Buckets between ascending <paramref name="edges"/>, each including its lower edge: below the first, [e1, e2), ...,
    /// from the last up; missing values last. Values and edges compare as float, as the model reads numbers, so a
    /// value written "12" is in the bucket that starts at 12.
    /// </summary>
    public static SliceGroups ByBins(string column, IReadOnlyList<float> values, IReadOnlyList<double> edges)
    {
        var bounds = edges.Select(e => (float)e).ToArray();
        var names = BucketNames(column, bounds);
        var missing = values.Any(float.IsNaN) ? AddGroup(names, $"{column} missing") : -1;
        var groups = values.Select(v => (float)(float.IsNaN(v) ? missing : bounds.Count(b => b <= v))).ToArray();
        return new SliceGroups(column, names, groups);
    }

    private static List<string> BucketNames(string column, float[] bounds)
    {
        string Edge(float e) => e.ToString(CultureInfo.InvariantCulture);
        if (bounds.Length == 0) return [$"{column} present"];
        var names = new List<string> { $"{column} < {Edge(bounds[0])}" };
        for (var i = 1; i < bounds.Length; i++) names.Add($"{column} in [{Edge(bounds[i - 1])}, {Edge(bounds[i])})");
        names.Add($"{column} >= {Edge(bounds[^1])}");
        return names;
    }

    /// <summary>Every group name a slice with <paramref name="edges"/> can have, before the data is read (the missing group included).</summary>
    public static IReadOnlyList<string> BinNames(string column, IReadOnlyList<double> edges) =>
        [.. BucketNames(column, edges.Select(e => (float)e).ToArray()), $"{column} missing"];

    /// <summary>Whether <paramref name="name"/> has the shape of a group name of a slice on <paramref name="column"/> ("C=v", "C missing", "C &lt; 12", ...).</summary>
    public static bool IsGroupOf(string column, string name) =>
        name.Length > column.Length && name.StartsWith(column, StringComparison.Ordinal) && name[column.Length] is '=' or ' ';

    /// <summary>The column a group name seems to name (up to its first '=' or space), for suggestions.</summary>
    public static string ColumnPart(string name) => name.Split('=', ' ')[0];

    /// <summary>The distinct quartiles of the non-missing values (linear interpolation between order statistics), as the default bins.</summary>
    public static IReadOnlyList<double> Quartiles(IReadOnlyList<float> values)
    {
        var sorted = values.Where(v => !float.IsNaN(v)).Select(v => (double)v).Order().ToArray();
        if (sorted.Length == 0) return [];
        double At(double p)
        {
            var position = p * (sorted.Length - 1);
            var low = (int)Math.Floor(position);
            var high = Math.Min(low + 1, sorted.Length - 1);
            return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
        }

        return new[] { At(0.25), At(0.5), At(0.75) }.Select(q => (double)(float)q).Distinct().ToList();
    }

    private static int AddGroup(List<string> names, string name)
    {
        names.Add(name);
        return names.Count - 1;
    }
}
