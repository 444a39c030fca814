using System.Globalization;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Profiling;

namespace MlBuildTasks.Engine.Monitoring.Drift;

/// <summary>
/// Drift of a category or boolean column (booleans as "true" / "false", the profile's spelling). The reference is its
/// profile's <c>topValues</c>, plus an "(other)" category holding the rest of its values when the list does not cover
/// them all. Current values are counted per reference value; the others:
/// <list type="bullet">
/// <item>when the reference's list is complete (<c>distinctIsExact</c> and <c>distinct</c> = the list's length), each
/// is an unseen category with a count of its own, up to <see cref="MaxUnseenValues"/> distinct ones; any further
/// ones are pooled into one "(other unseen)" category (the unseen rate stays exact);</item>
/// <item>otherwise they all go to "(other)": a value outside the top values may or may not be in the reference, so
/// the unseen rate is unknown (null).</item>
/// </list>
/// A small reference is tested with the chi-squared test of homogeneity on the 2 × k table (p &lt; threshold), a large
/// one by the Jensen-Shannon distance (≥ threshold); PSI over the same categories. Null or blank values are missing.
/// </summary>
public sealed class CategoryDrift : ColumnDriftAccumulator
{
    public const int DefaultMaxUnseenValues = 10_000;
    public const string OtherLabel = "(other)";
    public const string OtherUnseenLabel = "(other unseen)";

    /// <summary>The most unseen values listed in a chart before the rest are pooled.</summary>
    private const int ChartUnseenValues = 20;

    private readonly string[] _values; // reference values, most frequent first
    private readonly long[] _referenceCounts;
    private readonly long _referenceOther;
    private readonly Dictionary<string, int> _index;
    private readonly long[] _counts;
    private readonly Dictionary<string, long> _unseen = new(StringComparer.Ordinal);
    private long _other; // current values outside the top values, when the reference is incomplete
    private long _unseenPooled; // unseen values beyond MaxUnseenValues distinct ones

    public CategoryDrift(ColumnProfileDocument reference, DriftThresholds? thresholds = null, int maxUnseenValues = DefaultMaxUnseenValues)
        : base(reference, thresholds)
    {
        if (reference.Type is not ("category" or "boolean"))
            throw new ArgumentException($"Column '{reference.Name}' is a {reference.Type} column, not a category or boolean column.", nameof(reference));
        ArgumentOutOfRangeException.ThrowIfNegative(maxUnseenValues);
        MaxUnseenValues = maxUnseenValues;

        var top = reference.TopValues ?? [];
        _values = [.. top.Select(t => t.Value)];
        _referenceCounts = [.. top.Select(t => t.Count)];
        _index = new Dictionary<string, int>(_values.Length, StringComparer.Ordinal);
        for (var i = 0; i < _values.Length; i++) _index.TryAdd(_values[i], i);
        _counts = new long[_values.Length];
        ReferenceIsComplete = reference.DistinctIsExact == true && reference.Distinct == top.Count;
        _referenceOther = ReferenceIsComplete ? 0 : Math.Max(0, ReferenceValues - _referenceCounts.Sum());
    }

    public int MaxUnseenValues { get; }

    /// <summary>True when the reference's top values are all its values, so unseen categories can be told apart.</summary>
    public bool ReferenceIsComplete { get; }

    /// <summary>The test that decides drift: chi-squared for a small reference, else Jensen-Shannon.</summary>
    public DriftTest Test => IsSmallReference ? DriftTest.ChiSquared : DriftTest.JensenShannon;

    internal override int StateSize => _counts.Length + _unseen.Count;

    /// <summary>Adds a current value; null, empty or blank is missing (as a blank cell in training data).</summary>
    public void Add(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            AddMissing();
            return;
        }

        CurrentCount++;
        if (_index.TryGetValue(value, out var at)) _counts[at]++;
        else if (!ReferenceIsComplete) _other++;
        else if (_unseen.TryGetValue(value, out var count)) _unseen[value] = count + 1;
        else if (_unseen.Count < MaxUnseenValues) _unseen.Add(value, 1);
        else _unseenPooled++;
    }

    /// <summary>Adds a boolean as "true" / "false"; null is missing.</summary>
    public void Add(bool? value) => Add(value switch { true => "true", false => "false", null => null });

    public override ColumnDrift Result()
    {
        var currentValues = CurrentCount - CurrentMissing;
        var unseenTotal = _unseen.Values.Sum() + _unseenPooled;
        double? unseenRate = ReferenceIsComplete && currentValues > 0 ? (double)unseenTotal / currentValues : null;
        var note = NothingToCompare(currentValues);
        if (note is not null) return Build(Test, null, null, null, unseenRate, [], note);

        // The categories compared: the reference's values, "(other)", the unseen ones (ordinal order) and "(other unseen)".
        var unseen = _unseen.OrderBy(u => u.Key, StringComparer.Ordinal).ToList();
        var categories = new List<(string Label, long Reference, long Current)>();
        for (var i = 0; i < _values.Length; i++) categories.Add((_values[i], _referenceCounts[i], _counts[i]));
        if (_referenceOther > 0 || _other > 0) categories.Add((OtherLabel, _referenceOther, _other));
        var known = categories.Count;
        foreach (var (value, count) in unseen) categories.Add((value, 0, count));
        if (_unseenPooled > 0) categories.Add((OtherUnseenLabel, 0, _unseenPooled));

        long[] reference = [.. categories.Select(c => c.Reference)];
        long[] current = [.. categories.Select(c => c.Current)];
        double statistic;
        double? pValue = null;
        if (IsSmallReference)
        {
            var test = ChiSquaredTest.Homogeneity(categories.Select(c => (c.Reference, c.Current)));
            (statistic, pValue) = (test.Statistic, test.PValue);
        }
        else
        {
            statistic = DistributionDistance.JensenShannon(reference, current);
        }

        var psi = DistributionDistance.PopulationStabilityIndex(reference, current, DistributionDistance.DefaultPsiEpsilon);
        note = _unseenPooled > 0
            ? string.Create(CultureInfo.InvariantCulture, $"More than {MaxUnseenValues:N0} distinct unseen values: {_unseenPooled:N0} values beyond them are pooled as one category '{OtherUnseenLabel}'.")
            : null;
        return Build(Test, statistic, pValue, psi, unseenRate, Bins(categories, known), note);
    }

    /// <summary>The chart's bins: the reference's categories (and "(other)"), then the most frequent unseen ones, the rest pooled.</summary>
    private List<DriftBin> Bins(List<(string Label, long Reference, long Current)> categories, int known)
    {
        double referenceTotal = categories.Sum(c => c.Reference), currentTotal = categories.Sum(c => c.Current);
        var shown = categories.Take(known).ToList();
        var unseen = _unseen.OrderByDescending(u => u.Value).ThenBy(u => u.Key, StringComparer.Ordinal).ToList();
        shown.AddRange(unseen.Take(ChartUnseenValues).Select(u => (u.Key, 0L, u.Value)));
        var pooled = unseen.Skip(ChartUnseenValues).Sum(u => u.Value) + _unseenPooled;
        if (pooled > 0) shown.Add((OtherUnseenLabel, 0, pooled));
        return [.. shown.Select(c => new DriftBin(c.Label, null, null, c.Reference / referenceTotal, c.Current / currentTotal))];
    }
}
