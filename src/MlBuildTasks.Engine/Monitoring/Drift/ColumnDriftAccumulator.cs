using MlBuildTasks.Engine.Artifacts;

namespace MlBuildTasks.Engine.Monitoring.Drift;

/// <summary>
/// Takes one column's current (production) values one at a time and, at the end, compares them with the column's
/// reference profile (<see cref="Result"/>). Memory is fixed by the reference, never by the number of current values.
/// Not thread-safe.
/// </summary>
public abstract class ColumnDriftAccumulator
{
    private protected ColumnDriftAccumulator(ColumnProfileDocument reference, DriftThresholds? thresholds)
    {
        ArgumentNullException.ThrowIfNull(reference);
        Reference = reference;
        Thresholds = thresholds ?? DriftThresholds.Default;
    }

    /// <summary>The training data's profile of the column.</summary>
    public ColumnProfileDocument Reference { get; }

    public DriftThresholds Thresholds { get; }

    public string Column => Reference.Name;

    /// <summary>Current values added, missing ones included.</summary>
    public long CurrentCount { get; private protected set; }

    /// <summary>Current values that were missing.</summary>
    public long CurrentMissing { get; private protected set; }

    /// <summary>The reference's non-missing values.</summary>
    public long ReferenceValues => Math.Max(0, Reference.Count - Reference.Missing);

    /// <summary>True when the reference counts as small (see <see cref="DriftThresholds.SmallReferenceRows"/>).</summary>
    public bool IsSmallReference => ReferenceValues <= Thresholds.SmallReferenceRows;

    /// <summary>Counts a missing current value.</summary>
    public void AddMissing()
    {
        CurrentCount++;
        CurrentMissing++;
    }

    /// <summary>The comparison of the values added so far with the reference.</summary>
    public abstract ColumnDrift Result();

    /// <summary>Entries of the accumulator's state (array slots, dictionary entries): bounded by the reference and the caps, not by the current values' number.</summary>
    internal abstract int StateSize { get; }

    /// <summary>
    /// The accumulator for a profiled column: <see cref="NumericDrift"/> for "number", <see cref="CategoryDrift"/> for
    /// "category" and "boolean"; null for the types drift is not measured on ("text", "date").
    /// </summary>
    public static ColumnDriftAccumulator? For(ColumnProfileDocument reference, DriftThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return reference.Type switch
        {
            "number" => new NumericDrift(reference, thresholds),
            "category" or "boolean" => new CategoryDrift(reference, thresholds),
            _ => null,
        };
    }

    private protected ColumnDrift Build(DriftTest test, double? statistic, double? pValue, double? psi, double? unseenRate,
        IReadOnlyList<DriftBin> bins, string? note)
    {
        var threshold = test is DriftTest.KolmogorovSmirnov or DriftTest.ChiSquared ? Thresholds.PValue : Thresholds.Distance;
        var drifted = statistic is { } s && (pValue is { } p ? Thresholds.IsDriftByPValue(p) : Thresholds.IsDriftByDistance(s));
        return new ColumnDrift(Column, Reference.Type, test, statistic, pValue, threshold, drifted,
            psi, psi is { } value ? Thresholds.BandOf(value) : PsiBand.None,
            Reference.Count, Reference.Missing, CurrentCount, CurrentMissing,
            Rate(Reference.Missing, Reference.Count), Rate(CurrentMissing, CurrentCount), unseenRate, bins, note);
    }

    private protected static double Rate(long part, long whole) => whole == 0 ? 0 : (double)part / whole;

    /// <summary>The note when a side has no values to compare, else null.</summary>
    private protected string? NothingToCompare(long currentValues) =>
        ReferenceValues == 0 ? "The reference has no non-missing values: nothing to compare."
        : currentValues == 0 ? "No non-missing current values: nothing to compare."
        : null;
}
