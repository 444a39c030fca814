using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Artifacts;

/// <summary>Train/test skew of one column: the Jensen-Shannon distance between its two distributions.</summary>
public sealed record SkewResult(string Column, double Distance, double MaxDistance, bool Passed);

/// <summary>
/// <c>&lt;Model&gt;.validation.json</c>: every data check with its counts, the train/test skew numbers and
/// whether the data passed. Schema version 1.
/// </summary>
public sealed record ValidationDocument(
    int SchemaVersion,
    string Model,
    bool Passed,
    long Rows,
    long? TestRows,
    IReadOnlyList<CheckResult> Checks,
    IReadOnlyList<SkewResult> Skew)
{
    public const int CurrentSchemaVersion = 1;
}
