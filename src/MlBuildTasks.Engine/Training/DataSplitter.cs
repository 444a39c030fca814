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
    /// <param name="classes">Each row's class (classification), or null to split without strata (regression).</param>
    public static DataSplit Split(IReadOnlyList<string>? classes, int rowCount, ModelSpec spec)
    {
        var random = new Random(spec.Seed);
        var strata = classes is null
            ? [Enumerable.Range(0, rowCount).ToList()]
            : Enumerable.Range(0, rowCount)
                .GroupBy(row => classes[row], StringComparer.Ordinal)
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

    /// <summary>A seeded Fisher-Yates shuffle: the split, the search's row order and its folds all use this one.</summary>
    internal static void Shuffle<T>(IList<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
