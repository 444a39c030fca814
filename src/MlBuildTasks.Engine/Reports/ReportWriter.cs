using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Pipeline;

namespace MlBuildTasks.Engine.Reports;

/// <summary>Writes both reports beside the other artifacts, atomically, and tells the build where they are.</summary>
public static class ReportWriter
{
    public static void Write(ArtifactPaths paths, ReportContent content, IDiagnosticSink sink)
    {
        AtomicFile.WriteAllText(paths.ReportMarkdown, MarkdownReport.Render(content));
        AtomicFile.WriteAllText(paths.ReportHtml, HtmlReport.Render(content));
        sink.Message($"{content.Metrics.Model}: reports: {paths.ReportMarkdown} (for a pull-request comment or job summary), {paths.ReportHtml} (charts).", important: true);
    }
}
