using Microsoft.ML;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training;

namespace MlBuildTasks.Engine.Evaluation;

/// <summary>
/// How much the task's headline metric (its first in <see cref="MetricCatalog"/>) drops when one input column's values
/// are shuffled among the rows: the mean over <see cref="FeatureImportance.Permutations"/> shuffles and their standard
/// deviation (null where the metric is undefined).
/// </summary>
public sealed record ColumnImportance(string Column, double? Drop, double? StdDev);

/// <summary>
/// Permutation feature importance per input column, as the spec names it. ML.NET's PermutationFeatureImportance
/// permutes single slots of the Features vector (one per one-hot value or n-gram, and its whole-model overloads
/// still report per slot), which is not the question "how much does this column matter": here the raw input column
/// is shuffled before the model's featurization, so every slot it makes moves together.
/// </summary>
public static class FeatureImportance
{
    /// <summary>Shuffles per column: enough for a spread, few enough for build time (each one scores the rows again).</summary>
    public const int Permutations = 3;

    /// <summary>The test rows used (the first ones): the cost grows with rows × columns × <see cref="Permutations"/>.</summary>
    public const int MaxRows = 2000;

    /// <summary>
    /// The importance of each of <paramref name="columns"/> on <paramref name="rows"/> (unscored test rows), most
    /// important first. Shuffles are seeded from <paramref name="seed"/> and the column's position, so the same inputs
    /// give the same numbers. Null when the headline metric is undefined on the rows (binary rows of one class).
    /// </summary>
    public static IReadOnlyList<ColumnImportance>? Compute(TrainedModel model, InMemoryDataView rows, ModelTask task,
        IReadOnlyList<ResolvedColumn> columns, int seed)
    {
        var higherIsBetter = MetricCatalog.For(task)[0].HigherIsBetter;
        var count = (int)rows.GetRowCount()!.Value;

        // The rows once as they are, then once per column and shuffle with that column shuffled, stacked into one view
        // and scored in one pass: setting up a scoring pass costs more than scoring a few thousand rows.
        var shuffles = new Dictionary<string, Array>[columns.Count * Permutations];
        for (var i = 0; i < columns.Count; i++)
        {
            var original = rows.Values(columns[i].ModelName);
            // Seeded by position, not by the name's hash code: string hashes differ from one process to the next.
            var random = new Random(unchecked(seed * 7919 + i));
            for (var p = 0; p < Permutations; p++)
                shuffles[i * Permutations + p] = new() { [columns[i].ModelName] = Shuffled(original, random) };
        }

        var metric = new HeadlineMetric(ModelEvaluator.Score(model, Stacked(rows, count, shuffles)), task);
        var baseline = metric.Of(0, count);
        if (double.IsNaN(baseline)) return null;

        var results = new List<ColumnImportance>();
        for (var i = 0; i < columns.Count; i++)
        {
            var drops = new double[Permutations];
            for (var p = 0; p < Permutations; p++)
            {
                var permuted = metric.Of((1 + i * Permutations + p) * count, count);
                drops[p] = higherIsBetter ? baseline - permuted : permuted - baseline;
            }

            var mean = drops.Average();
            var stdDev = Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / (Permutations - 1));
            results.Add(new ColumnImportance(columns[i].Name, Defined(mean), Defined(stdDev)));
        }

        // Undefined drops last; ties by name so the order does not depend on the column order's accidents.
        return results.OrderByDescending(r => r.Drop ?? double.NegativeInfinity).ThenBy(r => r.Column, StringComparer.Ordinal).ToList();
    }

    /// <summary>Block 0 is <paramref name="rows"/>; block k + 1 is rows with the columns of <paramref name="blocks"/>[k] replaced.</summary>
    private static InMemoryDataView Stacked(InMemoryDataView rows, int count, IReadOnlyList<Dictionary<string, Array>> blocks) =>
        new(rows.Schema.Select(column =>
        {
            var original = rows.Values(column.Name);
            var stacked = Array.CreateInstance(original.GetType().GetElementType()!, count * (blocks.Count + 1));
            Array.Copy(original, 0, stacked, 0, count);
            for (var k = 0; k < blocks.Count; k++)
                Array.Copy(blocks[k].GetValueOrDefault(column.Name, original), 0, stacked, (k + 1) * count, count);
            return (column.Name, column.Type, stacked);
        }).ToList());

    /// <summary>A Fisher-Yates shuffle of a copy of <paramref name="values"/>.</summary>
    private static Array Shuffled(Array values, Random random)
    {
        var copy = (Array)values.Clone();
        for (var i = copy.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            var swap = copy.GetValue(i);
            copy.SetValue(copy.GetValue(j), i);
            copy.SetValue(swap, j);
        }

        return copy;
    }

    private static double? Defined(double value) => double.IsFinite(value) ? value : null;
}
