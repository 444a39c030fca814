using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Gates;

namespace MlBuildTasks.Engine.Reports;

/// <summary>Everything a report shows: the run's metrics document, its data checks, the gates' baseline (if any) and the chart points.</summary>
public sealed record ReportContent(MetricsDocument Metrics, ValidationDocument? Validation, BaselineMetrics? Baseline, ReportCurves? Curves);
