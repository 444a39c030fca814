using System.Globalization;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Profiling;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// Checks between the train and test parts: leakage (test rows that also appear in training, by all
/// values or by a declared key) and skew (per feature, the Jensen-Shannon distance of the two
/// distributions, reported every run and warned about above a threshold).
/// </summary>
public static class SplitChecks
{
    /// <summary>Skew is computed on at most this many values per side (a seeded, even spread of the rows).</summary>
    private const int SkewSample = 20_000;

    public static CheckResult Leakage(ModelSpec spec, TrainingData train, IReadOnlyList<int> trainRows, TrainingData test, IReadOnlyList<int> testRows,
        CellLocator locator, ValidationOptions options, IDiagnosticSink sink)
    {
        var rule = spec.Checks.MaxLeakage!;
        var seen = new HashSet<ulong>(trainRows.Select(r => train.RowHashes[r]));
        var leaked = new CheckAccumulator("leakage", spec.Checks.LeakageKey, DiagnosticCodes.DataLeakage, rule.Severity, 1 - rule.Value, options);
        var what = spec.Checks.LeakageKey is { } key ? $"key '{key}'" : "values";
        foreach (var row in testRows)
        {
            if (!seen.Contains(test.RowHashes[row])) { leaked.Pass(); continue; }
            var tag = test.Tags[row];
            leaked.Fail(() => locator.Locate(tag), () => string.Create(CultureInfo.InvariantCulture, $"This test row has the same {what} as a training row, so the test score overstates the model ('maxLeakage' allows {rule.Value:P0} of test rows). Remove duplicates or declare a 'leakageKey'."));
        }

        return leaked.Finish(sink);
    }

    public static IReadOnlyList<SkewResult> Skew(ModelSpec spec, TrainingData train, IReadOnlyList<int> trainRows, TrainingData test, IReadOnlyList<int> testRows,
        ValidationOptions options, IDiagnosticSink sink)
    {
        var rule = spec.Checks.MaxSkew!;
        var results = new List<SkewResult>();
        var trainSample = Spread(trainRows);
        var testSample = Spread(testRows);
        // Free text has no distribution worth comparing value by value; nor have dates, whose values are mostly
        // distinct and, in time-ordered data, differ between parts by design.
        // With few rows, sampling noise alone moves the distance past any useful threshold: report, don't warn.
        var judged = Math.Min(trainSample.Count, testSample.Count) >= MinRowsToJudge;
        foreach (var column in train.Schema.Features.Where(c => c.Type is not (ColumnType.Text or ColumnType.Date)))
        {
            double distance;
            if (train.NumbersOf(column, trainSample) is { } trainValues && column.Type == ColumnType.Number)
            {
                var reference = trainValues.ToList();
                var current = test.NumbersOf(column, testSample)!.ToList();
                if (reference.Count == 0 || current.Count == 0) continue; // all missing on one side: nothing to compare
                distance = DistributionDistance.JensenShannon(reference, current, Bins(reference.Count, current.Count));
            }
            else
            {
                var reference = Counts(train.TextsOf(column, trainSample) ?? train.NumbersOf(column, trainSample)!.Select(v => v.ToString(CultureInfo.InvariantCulture)));
                var current = Counts(test.TextsOf(column, testSample) ?? test.NumbersOf(column, testSample)!.Select(v => v.ToString(CultureInfo.InvariantCulture)));
                distance = DistributionDistance.JensenShannon(reference, current);
            }

            if (double.IsNaN(distance)) distance = 0;
            var passed = !judged || distance <= rule.Value + 1e-12;
            if (!passed)
            {
                var severity = CheckAccumulator.EffectiveSeverity(rule.Severity, options);
                var at = column.Spec?.Location ?? rule.Location;
                sink.Report(new Diagnostic(CheckAccumulator.ToSeverity(severity), DiagnosticCodes.DataSkew,
                    string.Create(CultureInfo.InvariantCulture, $"Column '{column.Name}' is distributed differently in the test part than in training (Jensen-Shannon distance {distance:0.000}, above 'maxSkew' {rule.Value:0.###}). Check how the test data was collected, or split differently."),
                    at.File, at.Line, at.Column));
            }

            results.Add(new SkewResult(column.Name, Math.Round(distance, 6), rule.Value, passed));
        }

        return results;
    }

    /// <summary>Below this many rows on either side, skew is reported but never warned about.</summary>
    public const int MinRowsToJudge = 200;

    /// <summary>Equal-width bins for numbers: about the square root of the smaller side, 5 to 20, so small samples are not all noise.</summary>
    private static int Bins(int reference, int current) => Math.Clamp((int)Math.Round(Math.Sqrt(Math.Min(reference, current))), 5, DistributionDistance.DefaultJensenShannonBins);

    private static List<int> Spread(IReadOnlyList<int> rows)
    {
        if (rows.Count <= SkewSample) return rows.ToList();
        var step = (double)rows.Count / SkewSample;
        return Enumerable.Range(0, SkewSample).Select(i => rows[(int)(i * step)]).ToList();
    }

    private static Dictionary<string, long> Counts(IEnumerable<string> values)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var value in values) counts[value] = counts.GetValueOrDefault(value) + 1;
        return counts;
    }
}
