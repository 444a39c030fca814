using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// One check's outcome, as validation.json and the summary table show it: how many values it looked at,
/// how many failed, and whether that share was within its tolerance (<c>mostly</c>).
/// </summary>
public sealed record CheckResult(
    string Check,
    string? Column,
    string Code,
    CheckSeverity Severity,
    long Evaluated,
    long Failed,
    double Mostly,
    bool Passed,
    string? Detail = null)
{
    /// <summary>The failing share of the values evaluated (0 when none were).</summary>
    public double FailedFraction => Evaluated == 0 ? 0 : (double)Failed / Evaluated;

    /// <summary>Whether data with these results may be trained on: every check passed or only warns.</summary>
    public static bool AllPass(IEnumerable<CheckResult> checks) => checks.All(c => c.Passed || c.Severity == CheckSeverity.Warning);
}
