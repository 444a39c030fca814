using System.Globalization;
using System.Text;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Validation;

/// <summary>The data checks as a table in the build log: check, column, result, failing share; then the skew numbers.</summary>
public static class ValidationSummary
{
    public static void Report(ValidationDocument validation, IDiagnosticSink sink)
    {
        var text = new StringBuilder();
        var testRows = validation.TestRows is { } t ? string.Create(CultureInfo.InvariantCulture, $" (+ {t:N0} test rows)") : "";
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{validation.Model}: data checks on {validation.Rows:N0} rows{testRows}:"));
        text.AppendLine($"  {"check",-18} {"column",-24} {"result",-8} {"failing",10}");
        foreach (var check in validation.Checks.Where(c => c.Evaluated > 0 || !c.Passed))
        {
            var result = check.Passed ? "ok" : check.Severity == Spec.CheckSeverity.Warning ? "WARNING" : "FAILED";
            text.AppendLine($"  {check.Check,-18} {Clip(check.Column ?? "(data set)"),-24} {result,-8} {check.FailedFraction.ToString("P2", CultureInfo.InvariantCulture),10}");
        }

        if (validation.Skew.Count > 0)
            text.AppendLine("  train/test skew (Jensen-Shannon distance): " +
                string.Join(", ", validation.Skew.Select(s => $"{s.Column} {s.Distance.ToString("0.000", CultureInfo.InvariantCulture)}{(s.Passed ? "" : " (!)")}")));
        // The full table at normal verbosity; one line, and every failing or warning check, at minimal.
        sink.Message(text.ToString().TrimEnd());
        var problems = validation.Checks.Where(c => !c.Passed).ToList();
        var line = string.Create(CultureInfo.InvariantCulture, $"{validation.Model}: {validation.Checks.Count - problems.Count} of {validation.Checks.Count} data checks passed on {validation.Rows:N0} rows") +
            (problems.Count == 0 ? "." : ": " + string.Join("; ", problems.Select(p => $"{p.Check} {p.Column ?? "(data set)"} {(p.Severity == Spec.CheckSeverity.Warning ? "warning" : "FAILED")} ({p.FailedFraction.ToString("P1", CultureInfo.InvariantCulture)})")) + ".");
        sink.Message(line, important: true);
    }

    private static string Clip(string text) => text.Length <= 24 ? text : text[..21] + "...";
}
