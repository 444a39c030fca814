namespace MlBuildTasks.Engine.Monitoring.Drift;

/// <summary>
/// When a column, and the data set, count as drifted. The defaults are Evidently's: a test's p-value below
/// <see cref="PValue"/>, a distance at or above <see cref="Distance"/>, PSI bands at <see cref="PsiModerate"/> and
/// <see cref="PsiMajor"/>, and the data set drifted when at least <see cref="DatasetShare"/> of the compared columns are.
/// </summary>
/// <param name="PValue">A statistical test finds drift when its p-value is strictly below this (p = 0.05 exactly is no drift).</param>
/// <param name="Distance">Wasserstein (normed) and Jensen-Shannon find drift when the distance is at or above this (0.1 exactly is drift).</param>
/// <param name="PsiModerate">PSI at or above this (and below <see cref="PsiMajor"/>) is a moderate shift; below it, none.</param>
/// <param name="PsiMajor">PSI at or above this is a major shift.</param>
/// <param name="SmallReferenceRows">
/// A reference with at most this many non-missing values is "small": tested with Kolmogorov-Smirnov (numbers) or
/// chi-squared (categories); a larger one is measured by a distance. A number column is tested with
/// Kolmogorov-Smirnov only when its profile also kept its values (<c>values</c>, written for at most
/// <see cref="ReferenceValues.MaxValues"/> values): raising this limit above that falls back to Wasserstein.
/// </param>
/// <param name="DatasetShare">The data set drifts when drifted columns / compared columns is at or above this.</param>
public sealed record DriftThresholds(
    double PValue = 0.05,
    double Distance = 0.1,
    double PsiModerate = 0.1,
    double PsiMajor = 0.25,
    int SmallReferenceRows = 1000,
    double DatasetShare = 0.5)
{
    public static DriftThresholds Default { get; } = new();

    /// <summary>True when a p-value means drift: strictly below <see cref="PValue"/>.</summary>
    public bool IsDriftByPValue(double pValue) => pValue < PValue;

    /// <summary>True when a distance means drift: at or above <see cref="Distance"/>.</summary>
    public bool IsDriftByDistance(double distance) => distance >= Distance;

    /// <summary>The PSI band: below <see cref="PsiModerate"/> none, below <see cref="PsiMajor"/> moderate, else major.</summary>
    public PsiBand BandOf(double psi) => psi < PsiModerate ? PsiBand.None : psi < PsiMajor ? PsiBand.Moderate : PsiBand.Major;
}
