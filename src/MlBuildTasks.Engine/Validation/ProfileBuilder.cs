using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Monitoring.Drift;
using MlBuildTasks.Engine.Profiling;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Validation;

/// <summary>Turns the summaries the validators kept into <c>profile.json</c>.</summary>
public static class ProfileBuilder
{
    private static readonly double[] Quantiles = [0.05, 0.25, 0.5, 0.75, 0.95];
    private const int HistogramBins = 20;
    private const int TopValues = 20;

    public static ProfileDocument Build(string model, long rows, IEnumerable<ColumnValidator> columns, LabelValidator label)
    {
        var documents = columns.Select(c => Column(c.Column.Name, c.Column.ModelName, c.Column.Type.ToName(), c.Column.Ignored ? "ignored" : "feature", c.Rows, c.Missing, c.Numbers, c.Categories, c.MeanLength))
            .Append(Column(label.Column.Name, label.Column.ModelName, label.Column.Type.ToName(), "label", label.Rows, label.Missing, label.Numbers, label.Classes, null))
            .ToList();
        return new ProfileDocument(ProfileDocument.CurrentSchemaVersion, model, rows, documents);
    }

    /// <summary>
    /// A profile of two made-up columns, a number and a category, built as real ones are: what <c>ValidationRun</c> writes
    /// to nowhere at the start, so that this code and the JSON writer's are compiled before the data has been read.
    /// </summary>
    internal static ProfileDocument Example()
    {
        var numbers = new NumericSummary();
        var categories = new CategoryCounter();
        for (var i = 0; i < 8; i++)
        {
            numbers.Add(i, i);
            categories.Add(i % 3 == 0 ? "a" : "b");
        }

        return new ProfileDocument(ProfileDocument.CurrentSchemaVersion, "example", 8,
            [Column("n", "n", "number", "feature", 8, 0, numbers, null, null), Column("c", "c", "category", "label", 8, 0, null, categories, 1)]);
    }

    private static ColumnProfileDocument Column(string name, string modelColumn, string type, string role, long count, long missing,
        NumericSummary? numbers, CategoryCounter? categories, double? meanLength)
    {
        var document = new ColumnProfileDocument(name, modelColumn, type, role, count, missing);
        if (numbers is { Count: > 0 })
        {
            var histogram = numbers.Histogram(HistogramBins);
            document = document with
            {
                Min = numbers.Min, Max = numbers.Max, Mean = numbers.Mean, StdDev = numbers.StdDev,
                Quantiles = Quantiles.ToDictionary(q => $"p{q * 100:00}", numbers.Quantile),
                Histogram = new HistogramDocument(histogram.Edges, histogram.Counts),
                Exact = numbers.IsExact,
                Values = ReferenceValues.Of(numbers),
            };
        }

        if (categories is not null)
            document = document with
            {
                Distinct = categories.DistinctCount,
                DistinctIsExact = categories.DistinctIsExact,
                TopValues = categories.Top(TopValues).Select(t => new ValueCount(t.Value, t.Count)).ToList(),
            };

        if (meanLength is not null) document = document with { MeanLength = meanLength };
        return document;
    }
}
