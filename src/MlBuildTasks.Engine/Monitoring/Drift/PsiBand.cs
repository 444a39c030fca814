namespace MlBuildTasks.Engine.Monitoring.Drift;

/// <summary>How large a population stability index is, by the usual rule of thumb (see <see cref="DriftThresholds.BandOf"/>).</summary>
public enum PsiBand
{
    /// <summary>PSI below 0.1: no significant shift.</summary>
    None,

    /// <summary>PSI from 0.1 to below 0.25: a moderate shift.</summary>
    Moderate,

    /// <summary>PSI of 0.25 or more: a major shift.</summary>
    Major,
}

/// <summary>The test or distance a column's drift was decided by; JSON names are kebab-case ("kolmogorov-smirnov").</summary>
public enum DriftTest
{
    /// <summary>Two-sample Kolmogorov-Smirnov test: numbers, small reference. Statistic D, a p-value.</summary>
    KolmogorovSmirnov,

    /// <summary>Chi-squared test of homogeneity: categories, small reference. Statistic chi-squared, a p-value.</summary>
    ChiSquared,

    /// <summary>Wasserstein-1 distance divided by the reference's standard deviation: numbers, large reference.</summary>
    Wasserstein,

    /// <summary>Jensen-Shannon distance (base 2, in [0, 1]): categories, large reference.</summary>
    JensenShannon,
}
