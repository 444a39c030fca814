namespace MlBuildTasks.Engine.Artifacts;

/// <summary>A value and how often it occurs.</summary>
public sealed record ValueCount(string Value, long Count);

/// <summary>Equal-width bins: <c>Edges</c> has one more entry than <c>Counts</c>.</summary>
public sealed record HistogramDocument(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts);

/// <summary>
/// One column of <c>profile.json</c>. Numeric fields are set for numbers, top values for categories. <c>Values</c>, the
/// sorted non-missing values, only for a number column with at most 1,000 of them (for drift monitoring's
/// Kolmogorov-Smirnov test; see <see cref="Monitoring.Drift.ReferenceValues"/>); absent, so not written, otherwise.
/// </summary>
public sealed record ColumnProfileDocument(
    string Name,
    string ModelColumn,
    string Type,
    string Role,
    long Count,
    long Missing,
    double? Min = null,
    double? Max = null,
    double? Mean = null,
    double? StdDev = null,
    IReadOnlyDictionary<string, double>? Quantiles = null,
    HistogramDocument? Histogram = null,
    long? Distinct = null,
    bool? DistinctIsExact = null,
    IReadOnlyList<ValueCount>? TopValues = null,
    double? MeanLength = null,
    bool Exact = true,
    IReadOnlyList<double>? Values = null);

/// <summary>
/// <c>&lt;Model&gt;.profile.json</c>: per-column statistics of the training data, for reports and, later,
/// for monitoring production data against it. Schema version 1.
/// </summary>
public sealed record ProfileDocument(int SchemaVersion, string Model, long Rows, IReadOnlyList<ColumnProfileDocument> Columns)
{
    public const int CurrentSchemaVersion = 1;
}
