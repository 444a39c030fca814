using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Training;

/// <summary>Row indices of the train and test parts.</summary>
public sealed record DataSplit(IReadOnlyList<int> Train, IReadOnlyList<int> Test);

/// <summary>
/// A seeded train/test split. For classification it is stratified: each class keeps its share in both
/// parts, so a rare class is not left out of the test set by chance.
/// </summary>
public static class DataSplitter
{
    public static DataSplit Split(DataTable table, ResolvedSchema schema, ModelSpec spec)
    {
        var random = new Random(spec.Seed);
        var strata = spec.Task == ModelTask.Regression
            ? [Enumerable.Range(0, table.RowCount).ToList()]
            : Enumerable.Range(0, table.RowCount)
                .GroupBy(row => ClassOf(table.Rows[row][schema.Label.Index]), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.ToList())
                .ToList();

        var train = new List<int>();
        var test = new List<int>();
        foreach (var stratum in strata)
        {
            Shuffle(stratum, random);
            var testCount = (int)Math.Round(stratum.Count * spec.TestFraction, MidpointRounding.AwayFromZero);
            if (stratum.Count >= 2) testCount = Math.Clamp(testCount, 1, stratum.Count - 1);
            test.AddRange(stratum.Take(testCount));
            train.AddRange(stratum.Skip(testCount));
        }

        train.Sort();
        test.Sort();
        return new DataSplit(train, test);
    }

    private static string ClassOf(string label) => ValueParser.TryParseBoolean(label, out var b) ? b.ToString() : label.Trim();

    private static void Shuffle(List<int> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
