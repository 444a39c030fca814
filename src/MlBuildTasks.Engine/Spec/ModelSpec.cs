using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Spec;

/// <summary>What kind of model the spec asks for. Names in the spec are kebab-case (<see cref="ModelTaskNames"/>).</summary>
public enum ModelTask { BinaryClassification, MulticlassClassification, Regression, AnomalyDetection }

/// <summary>How a column is read and featurized. A date becomes year, month, day, day of week and hour features.</summary>
public enum ColumnType { Number, Boolean, Category, Text, Date }

/// <summary>Whether a failed data check fails the build or only warns.</summary>
public enum CheckSeverity { Error, Warning }

/// <summary>
/// A data rule and its tolerance, written in the spec either as the bare value (<c>"min": 0</c>) or as
/// <c>{ "value": 0, "mostly": 0.99, "severity": "warning" }</c>. <see cref="Mostly"/> is the fraction of
/// values that must pass (Great Expectations' <c>mostly</c>); 1 means every value.
/// </summary>
public sealed record Rule<T>(T Value, double Mostly, CheckSeverity Severity, SourceLocation Location);

/// <summary>Outlier detection on a number column: values beyond the IQR or z-score fences.</summary>
public enum OutlierMethod { Iqr, ZScore }

/// <summary>How a number column's missing values are filled in the model (training and prediction alike).</summary>
public enum ImputeMethod { Mean, Median, MostFrequent, Constant }

/// <summary>How a number column is scaled in the model.</summary>
public enum ScaleMethod { None, MinMax, MeanVariance, LogMeanVariance, Bin }

/// <summary>How a category column becomes features: by cardinality when not declared.</summary>
public enum CategoryEncoding { Auto, OneHot, Hash }

/// <summary>
/// How a number column's values are clipped in the model (<c>clip</c>): to constant bounds (<see cref="Lower"/>,
/// <see cref="Upper"/>; null leaves that side open), or with <see cref="Iqr"/> to Tukey's fences
/// (Q1 - 1.5 IQR, Q3 + 1.5 IQR) of the rows the model is fitted on.
/// </summary>
public sealed record Clip(bool Iqr, double? Lower = null, double? Upper = null)
{
    public static readonly Clip IqrFences = new(true);
}

/// <summary>A column's preprocessing as the spec declares it (<c>impute</c>, <c>missingIndicator</c>, <c>scale</c>, <c>clip</c>, <c>encoding</c>).</summary>
public sealed record Preprocessing(ImputeMethod Impute = ImputeMethod.Mean, double ImputeValue = 0, bool MissingIndicator = false,
    ScaleMethod Scale = ScaleMethod.None, CategoryEncoding Encoding = CategoryEncoding.Auto, Clip? Clip = null)
{
    public static readonly Preprocessing Default = new();
}

/// <summary>A column as the spec declares it. Undeclared columns are inferred from the data.</summary>
public sealed record ColumnSpec(
    string Name,
    ColumnType? Type,
    bool Ignore,
    SourceLocation Location,
    Rule<bool>? Required = null,
    Rule<double>? MaxMissing = null,
    Rule<double>? Min = null,
    Rule<double>? Max = null,
    Rule<IReadOnlyList<string>>? Allowed = null,
    Rule<string>? Regex = null,
    Rule<bool>? Unique = null,
    Rule<OutlierMethod>? Outliers = null,
    double OutlierThreshold = 0,
    string? DateFormat = null,
    Preprocessing? Preprocessing = null);

/// <summary>Checks over the whole data set rather than one column (the spec's <c>checks</c> object).</summary>
public sealed record DatasetChecks(
    Rule<long>? MinRows = null,
    Rule<long>? MaxRows = null,
    Rule<double>? MaxDuplicateRows = null,
    Rule<double>? MinClassFraction = null,
    Rule<double>? MaxLeakage = null,
    string? LeakageKey = null,
    Rule<double>? MaxSkew = null,
    CheckSeverity? ConstantColumns = CheckSeverity.Warning)
{
    /// <summary>Train/test leakage is checked by default: above 10% of test rows also in training, a warning.</summary>
    public const double DefaultMaxLeakage = 0.1;

    /// <summary>Train/test skew is reported every run; above this Jensen-Shannon distance it warns.</summary>
    public const double DefaultMaxSkew = 0.1;
}

/// <summary>How a search picks the configurations it tries (see <c>ModelSearch</c>).</summary>
public enum SearchStrategy { Halving, Random, Grid }

/// <summary>
/// The spec's <c>training</c> object: a search over trainers and their hyperparameters, each candidate scored
/// by k-fold cross-validation on the training part. Present unless the spec names a single <c>trainer</c>.
/// </summary>
public sealed record TrainingSpec(
    IReadOnlyList<string> Trainers,
    SearchStrategy Search,
    int Trials,
    double TimeLimitSeconds,
    string Metric,
    int Folds,
    string? GroupBy,
    int Parallelism,
    IReadOnlyDictionary<string, IReadOnlyList<Training.Search.Hyperparameter>> Space,
    SourceLocation Location)
{
    public const int DefaultTrials = 10;
    public const double DefaultTimeLimitSeconds = 600;
    public const int DefaultFolds = 5;

    /// <summary>The metric a search optimises when the spec names none.</summary>
    public static string DefaultMetric(ModelTask task) => task switch
    {
        ModelTask.BinaryClassification => "auc",
        ModelTask.MulticlassClassification => "macro-accuracy",
        ModelTask.AnomalyDetection => "auc",
        _ => "r-squared",
    };
}

/// <summary>
/// A metric gate. Value bounds: the build fails when the metric is below <see cref="Min"/> or above <see cref="Max"/>.
/// Change bounds compare with the spec's <see cref="BaselineSpec"/> and are in quality, not raw value: a drop is the
/// metric getting worse (a fall of a higher-is-better metric, a rise of a lower-is-better one), a gain getting better.
/// <see cref="MaxDrop"/> also holds a lower-is-better metric's <c>maxRise</c>, which says the same in raw words
/// (<see cref="DropField"/> is the name the spec used, for messages). <see cref="Slice"/> names a slice group
/// (metrics.json <c>slices</c>, such as <c>Contract=Month-to-month</c>) whose metric is checked instead of the whole test part's.
/// </summary>
public sealed record GateSpec(string Metric, double? Min, double? Max, SourceLocation Location,
    double? MaxDrop = null, double? MaxRelativeDrop = null, double? MinGain = null, string DropField = "maxDrop", string? Slice = null)
{
    public bool HasChangeBounds => MaxDrop is not null || MaxRelativeDrop is not null || MinGain is not null;

    /// <summary>How messages name what is gated: <c>auc</c>, or <c>auc of slice 'Contract=Month-to-month'</c>.</summary>
    public string Subject => Slice is null ? Metric : $"{Metric} of slice '{Slice}'";
}

/// <summary>
/// What change gates compare with (the spec's <c>baseline</c>), one of: the released model package <see cref="Package"/>
/// from a NuGet feed (<see cref="Source"/>, a folder path made absolute or a URL; null for the NuGet.Config feeds), at the
/// pinned <see cref="Version"/> or else the highest stable version below the one being built; a model file
/// <see cref="ModelPath"/>; or a metrics file from an earlier build (<see cref="MetricsPath"/>), which beside a package is the
/// offline fallback. Models are evaluated on the current test data in the same run. Paths are absolute.
/// <see cref="Optional"/>: a missing metrics or model file means "no baseline yet" instead of an error.
/// </summary>
public sealed record BaselineSpec(string? MetricsPath, bool Optional, SourceLocation Location,
    string? Package = null, string? Version = null, string? Source = null, string? ModelPath = null);

/// <summary>
/// A slice of the test part to report metrics on (the spec's <c>slices</c>): one slice per value of a category or
/// boolean column, or per bucket of a number column. <see cref="Bins"/> are ascending edges, each bucket including
/// its lower edge; null for a number column means the test part's quartiles. <see cref="Pointer"/> is where the
/// spec declares it (for errors found once the data's columns are known).
/// </summary>
public sealed record SliceSpec(string Column, IReadOnlyList<double>? Bins, string Pointer, SourceLocation Location);

/// <summary>
/// The spec's <c>onnx</c>: export the model to ONNX and check, on the test rows, that ONNX Runtime's predictions match
/// ML.NET's within <see cref="Tolerance"/> (on scores and probabilities: absolute within ±1, relative to the value beyond; predicted labels must be equal).
/// </summary>
public sealed record OnnxSpec(double Tolerance, SourceLocation Location)
{
    public const double DefaultTolerance = 1e-4;
}

/// <summary>
/// Drift limits (the spec's <c>monitoring</c> and its per-column overrides); null leaves the level above in force.
/// <see cref="PValue"/>: KS and chi-squared tests (a reference of up to 1000 rows) drift below it; <see cref="Distance"/>:
/// normed Wasserstein and Jensen-Shannon distances (larger references) drift at or above it; PSI bands; the largest
/// rise of the missing-value rate and the largest share of unseen categories.
/// </summary>
public sealed record DriftLimits(double? PValue = null, double? Distance = null, double? PsiModerate = null, double? PsiMajor = null,
    double? MaxMissingIncrease = null, double? MaxUnseen = null)
{
    /// <summary>The defaults (Evidently's: p 0.05, distance 0.1; PSI bands 0.1 and 0.25), and 0.1 for both rates.</summary>
    public static readonly DriftLimits Defaults = new(0.05, 0.1, 0.1, 0.25, 0.1, 0.1);

    /// <summary>These limits where set, <paramref name="fallback"/>'s elsewhere.</summary>
    public DriftLimits Over(DriftLimits fallback) => new(PValue ?? fallback.PValue, Distance ?? fallback.Distance, PsiModerate ?? fallback.PsiModerate,
        PsiMajor ?? fallback.PsiMajor, MaxMissingIncrease ?? fallback.MaxMissingIncrease, MaxUnseen ?? fallback.MaxUnseen);
}

/// <summary>One column's entry under <c>monitoring.columns</c>: its own limits, or <see cref="Ignore"/> to leave it out of the check.</summary>
public sealed record ColumnMonitoringSpec(DriftLimits Limits, bool Ignore, SourceLocation Location);

/// <summary>
/// The spec's <c>monitoring</c>: what <c>mlbuild monitor</c> / <c>MlCheckDrift</c> compare production data with the
/// training profile by. <see cref="DatasetDriftShare"/>: the dataset drifts (retrain) when at least this share of the
/// compared columns drift. <see cref="Gates"/>: gates on live metrics (production predictions joined with feedback),
/// in the gates' syntax, a change bound comparing with the released model's test metrics.
/// </summary>
public sealed record MonitoringSpec(DriftLimits Limits, double DatasetDriftShare, IReadOnlyDictionary<string, ColumnMonitoringSpec> Columns,
    IReadOnlyList<GateSpec> Gates, SourceLocation Location)
{
    public const double DefaultDatasetDriftShare = 0.5;

    /// <summary>No <c>monitoring</c> in the spec: the defaults everywhere.</summary>
    public static readonly MonitoringSpec Default = new(DriftLimits.Defaults, DefaultDatasetDriftShare, new Dictionary<string, ColumnMonitoringSpec>(), [], new SourceLocation("", 0, 0));
}

/// <summary>
/// A parsed, checked <c>*.mlmodel.json</c>. Paths are absolute. Exactly one of <see cref="Trainer"/> (the spec names
/// one trainer, trained with ML.NET's defaults) and <see cref="Training"/> (a search chooses) is set.
/// </summary>
public sealed record ModelSpec(
    string SpecPath,
    string Name,
    ModelTask Task,
    IReadOnlyList<Data.Sources.SourceSpec> Data,
    IReadOnlyList<Data.Sources.SourceSpec>? TestData,
    string Label,
    string? PositiveClass,
    IReadOnlyList<ColumnSpec> Columns,
    string? Trainer,
    TrainingSpec? Training,
    int Seed,
    double TestFraction,
    IReadOnlyList<GateSpec> Gates,
    DatasetChecks Checks,
    JsonLocations Locations,
    IReadOnlyList<SliceSpec>? Slices = null,
    BaselineSpec? Baseline = null,
    OnnxSpec? Onnx = null,
    MonitoringSpec? Monitoring = null)
{
    public const int DefaultSeed = 42;
    public const double DefaultTestFraction = 0.2;

    public ColumnSpec? FindColumn(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

public static class ModelTaskNames
{
    private static readonly Dictionary<string, ModelTask> ByName = new(StringComparer.Ordinal)
    {
        ["binary-classification"] = ModelTask.BinaryClassification,
        ["multiclass-classification"] = ModelTask.MulticlassClassification,
        ["regression"] = ModelTask.Regression,
        ["anomaly-detection"] = ModelTask.AnomalyDetection,
    };

    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryParse(string name, out ModelTask task) => ByName.TryGetValue(name, out task);

    public static string ToName(this ModelTask task) => ByName.First(p => p.Value == task).Key;

    /// <summary>
    /// Tasks whose label is two classes, true/false (or <c>positiveClass</c>): binary classification, and anomaly
    /// detection, where the label says which rows are anomalies (the trainer does not read it; evaluation does).
    /// </summary>
    public static bool HasBinaryLabel(this ModelTask task) => task is ModelTask.BinaryClassification or ModelTask.AnomalyDetection;
}

public static class ColumnTypeNames
{
    private static readonly Dictionary<string, ColumnType> ByName = new(StringComparer.Ordinal)
    {
        ["number"] = ColumnType.Number,
        ["boolean"] = ColumnType.Boolean,
        ["category"] = ColumnType.Category,
        ["text"] = ColumnType.Text,
        ["date"] = ColumnType.Date,
    };

    public static IEnumerable<string> All => ByName.Keys;

    public static bool TryParse(string name, out ColumnType type) => ByName.TryGetValue(name, out type);

    public static string ToName(this ColumnType type) => ByName.First(p => p.Value == type).Key;
}
