namespace MlBuildTasks.Engine.Monitoring.Drift;

/// <summary>Whether the data set as a whole drifted: at least a share of the compared columns did.</summary>
/// <param name="ComparedColumns">Columns with a statistic (<see cref="ColumnDrift.Compared"/>).</param>
/// <param name="DriftedColumns">Of those, the drifted ones.</param>
/// <param name="Share">DriftedColumns / ComparedColumns (0 when none were compared).</param>
/// <param name="Threshold">The share at or above which the data set drifts.</param>
/// <param name="Drifted">Share ≥ Threshold, and at least one column compared.</param>
public sealed record DatasetDrift(int ComparedColumns, int DriftedColumns, double Share, double Threshold, bool Drifted)
{
    /// <summary>Data set drift from the columns' results, with <see cref="DriftThresholds.DatasetShare"/> (default 0.5).</summary>
    public static DatasetDrift Of(IEnumerable<ColumnDrift> columns, DriftThresholds? thresholds = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var threshold = (thresholds ?? DriftThresholds.Default).DatasetShare;
        var compared = columns.Where(c => c.Compared).ToList();
        var drifted = compared.Count(c => c.Drifted);
        var share = compared.Count == 0 ? 0 : (double)drifted / compared.Count;
        return new DatasetDrift(compared.Count, drifted, share, threshold, compared.Count > 0 && share >= threshold);
    }
}
