using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using static MlBuildTasks.Engine.Spec.SpecParser;

namespace MlBuildTasks.Engine.Spec;

/// <summary>
/// <c>monitoring</c>: the drift check's limits (<c>pValue</c>, <c>distance</c>, PSI bands, missing and unseen rates), the
/// dataset-drift share, per-column overrides under <c>columns</c>, and <c>gates</c> on live metrics.
/// </summary>
internal sealed partial class SpecReader
{
    private MonitoringSpec? ReadMonitoring(JsonElement root, ModelTask? task)
    {
        if (!root.TryGetProperty("monitoring", out var element)) return null;
        if (element.ValueKind != JsonValueKind.Object)
        {
            Error(DiagnosticCodes.SpecInvalidValue, "/monitoring", $"'monitoring' must be an object such as {{ \"distance\": 0.1, \"columns\": {{ \"Tenure\": {{ \"distance\": 0.2 }} }} }}; found {Describe(element)}.");
            return null;
        }

        CheckFields(element, "/monitoring", MonitoringFields, "'monitoring'");
        var limits = ReadDriftLimits(element, "/monitoring");
        var share = OptionalNumber(element, "datasetDriftShare", "/monitoring");
        if (share is not (null or (> 0 and <= 1)))
            Error(DiagnosticCodes.SpecInvalidValue, "/monitoring/datasetDriftShare", $"'datasetDriftShare' must be above 0 and at most 1 (the share of columns that must drift for the dataset to drift), such as 0.5; found {share}.");

        var columns = new Dictionary<string, ColumnMonitoringSpec>(StringComparer.Ordinal);
        if (element.TryGetProperty("columns", out var columnsElement))
        {
            if (columnsElement.ValueKind != JsonValueKind.Object)
                Error(DiagnosticCodes.SpecInvalidValue, "/monitoring/columns", $"'columns' must be an object keyed by column name, such as {{ \"Tenure\": {{ \"distance\": 0.2 }} }}; found {Describe(columnsElement)}.");
            else
                foreach (var column in columnsElement.EnumerateObject())
                {
                    var pointer = "/monitoring/columns/" + JsonLocations.Escape(column.Name);
                    if (column.Value.ValueKind != JsonValueKind.Object)
                    {
                        Error(DiagnosticCodes.SpecInvalidValue, pointer, $"The monitoring of column '{column.Name}' must be an object such as {{ \"distance\": 0.2 }} or {{ \"ignore\": true }}; found {Describe(column.Value)}.");
                        continue;
                    }

                    CheckFields(column.Value, pointer, MonitoringColumnFields, $"the monitoring of column '{column.Name}'");
                    columns[column.Name] = new ColumnMonitoringSpec(ReadDriftLimits(column.Value, pointer), OptionalBool(column.Value, "ignore", pointer) ?? false, at.At(pointer));
                }
        }

        var gates = ReadGates(element, task, [], "/monitoring");
        return new MonitoringSpec(limits, share ?? MonitoringSpec.DefaultDatasetDriftShare, columns, gates, at.At("/monitoring"));
    }

    private DriftLimits ReadDriftLimits(JsonElement element, string pointer)
    {
        double? Fraction(string field, string what)
        {
            var value = OptionalNumber(element, field, pointer);
            if (value is null or (> 0 and <= 1)) return value;
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/" + field, $"'{field}' must be above 0 and at most 1 ({what}); found {value}.");
            return null;
        }

        double? Positive(string field, string what)
        {
            var value = OptionalNumber(element, field, pointer);
            if (value is null or > 0 && double.IsFinite(value ?? 0)) return value;
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/" + field, $"'{field}' must be a number above 0 ({what}); found {value}.");
            return null;
        }

        var limits = new DriftLimits(
            Fraction("pValue", "a column drifts when its KS or chi-squared test's p-value is below it, such as 0.05"),
            Positive("distance", "a column drifts when its normed Wasserstein or Jensen-Shannon distance reaches it, such as 0.1"),
            Positive("psiModerate", "the PSI from which a shift counts as moderate, such as 0.1"),
            Positive("psiMajor", "the PSI from which a shift counts as major, such as 0.25"),
            Fraction("maxMissingIncrease", "the largest rise of the missing-value rate, in points, such as 0.1"),
            Fraction("maxUnseen", "the largest share of values of a category the training data never had, such as 0.1"));
        if (limits is { PsiModerate: { } moderate, PsiMajor: { } major } && moderate >= major)
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/psiMajor", $"'psiMajor' ({major}) must be above 'psiModerate' ({moderate}).");
        return limits;
    }
}
