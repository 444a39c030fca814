namespace MlBuildTasks.Engine.Monitoring.Drift;

/// <summary>
/// One bin of the two distributions a drift chart shows, both as shares of their side's non-missing values.
/// Number columns: the reference's histogram bins, with a bin below the reference's range (<see cref="Lower"/> null)
/// and one above it (<see cref="Upper"/> null). Categories: one bin per value (<see cref="Lower"/> and <see cref="Upper"/> null).
/// </summary>
public sealed record DriftBin(string Label, double? Lower, double? Upper, double ReferenceShare, double CurrentShare);

/// <summary>
/// How one column's production (current) values compare with the training data's profile (reference): for
/// <c>drift.json</c> and reports. Statistics are over non-missing values; missing ones only count in the rates.
/// </summary>
/// <param name="Column">The column's name in the data.</param>
/// <param name="Type">Its type: "number", "category" or "boolean".</param>
/// <param name="Test">What decided <see cref="Drifted"/>.</param>
/// <param name="Statistic">KS D, chi-squared, normed Wasserstein or Jensen-Shannon distance; null when a side has no values (see <see cref="Note"/>).</param>
/// <param name="PValue">The test's p-value; null for the distances.</param>
/// <param name="Threshold">The p-value threshold (tests) or the distance threshold (distances) it was held against.</param>
/// <param name="Drifted">p-value &lt; threshold, or distance ≥ threshold; false when nothing could be compared.</param>
/// <param name="Psi">The population stability index; null when a side has no values.</param>
/// <param name="PsiBand">Its band.</param>
/// <param name="ReferenceCount">The reference's rows, missing ones included (the profile's <c>count</c>).</param>
/// <param name="ReferenceMissing">The reference's missing values.</param>
/// <param name="CurrentCount">The current values added, missing ones included.</param>
/// <param name="CurrentMissing">The current missing values (null, or NaN / an infinity for numbers).</param>
/// <param name="ReferenceMissingRate">ReferenceMissing / ReferenceCount (0 when there are no rows).</param>
/// <param name="CurrentMissingRate">CurrentMissing / CurrentCount (0 when there are no rows).</param>
/// <param name="UnseenRate">
/// Categories: the share of current non-missing values that the reference never had. Only known when the
/// reference's <c>topValues</c> list every value it had (<c>distinctIsExact</c> and <c>distinct</c> = the list's
/// length); null otherwise, and null for numbers.
/// </param>
/// <param name="Bins">The two distributions on common bins, for a chart.</param>
/// <param name="Note">Why something is missing or approximate (no values on a side, pooled categories); null when nothing to say.</param>
public sealed record ColumnDrift(
    string Column,
    string Type,
    DriftTest Test,
    double? Statistic,
    double? PValue,
    double Threshold,
    bool Drifted,
    double? Psi,
    PsiBand PsiBand,
    long ReferenceCount,
    long ReferenceMissing,
    long CurrentCount,
    long CurrentMissing,
    double ReferenceMissingRate,
    double CurrentMissingRate,
    double? UnseenRate,
    IReadOnlyList<DriftBin> Bins,
    string? Note = null)
{
    /// <summary>False when a side had no non-missing values, so no statistic was computed.</summary>
    public bool Compared => Statistic is not null;
}
