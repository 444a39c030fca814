using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data;

namespace MlBuildTasks.Engine.Evaluation;

/// <summary>
/// ML.NET's confusion matrix with the classes named: <see cref="Counts"/>[actual][predicted], rows and columns in
/// the order of <see cref="Classes"/>.
/// </summary>
public sealed record ConfusionMatrixCounts(IReadOnlyList<string> Classes, IReadOnlyList<IReadOnlyList<long>> Counts);

/// <summary>One class's precision and recall on the test part; null where undefined (the class never predicted, or absent).</summary>
public sealed record ClassMetrics(double? Precision, double? Recall);

/// <summary>The test part by class: the confusion matrix, and for multiclass each class's precision and recall.</summary>
public sealed record ClassBreakdown(ConfusionMatrixCounts ConfusionMatrix, IReadOnlyDictionary<string, ClassMetrics>? PerClass)
{
    /// <summary>
    /// A binary matrix: ML.NET orders it positive, then negative. The classes are named by the label's values:
    /// "true"/"false", or the spec's positive class and "other".
    /// </summary>
    internal static ClassBreakdown Binary(ConfusionMatrix matrix, string? positiveClass) =>
        new(Named(matrix, positiveClass is null ? ["true", "false"] : [positiveClass, "other"]), null);

    /// <summary>A multiclass matrix: its rows are the label's key indices, named by the key's values (the class names as the data has them).</summary>
    internal static ClassBreakdown Multiclass(ConfusionMatrix matrix, IDataView predictions)
    {
        var names = ClassNames(predictions);
        var perClass = new Dictionary<string, ClassMetrics>(StringComparer.Ordinal);
        for (var i = 0; i < matrix.NumberOfClasses; i++)
            perClass[names[i]] = new ClassMetrics(Defined(matrix.PerClassPrecision[i]), Defined(matrix.PerClassRecall[i]));
        return new ClassBreakdown(Named(matrix, names), perClass);
    }

    /// <summary>The class names in key order, from the label column's key values.</summary>
    internal static List<string> ClassNames(IDataView predictions)
    {
        VBuffer<ReadOnlyMemory<char>> values = default;
        predictions.Schema[ColumnNames.Label].GetKeyValues(ref values);
        return values.DenseValues().Select(v => v.ToString()).ToList();
    }

    private static ConfusionMatrixCounts Named(ConfusionMatrix matrix, IReadOnlyList<string> names) =>
        new(names.Take(matrix.NumberOfClasses).ToList(), matrix.Counts.Select(row => (IReadOnlyList<long>)row.Select(c => (long)Math.Round(c)).ToList()).ToList());

    private static double? Defined(double value) => double.IsFinite(value) ? value : null;
}
