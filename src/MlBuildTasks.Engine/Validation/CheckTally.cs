using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// Failures of one check on one column. The first <c>maxListed</c> become diagnostics at their cell;
/// the rest are counted and summed up in one more diagnostic, so a bad file cannot flood the build log.
/// </summary>
internal sealed class CheckTally(string code, string column, int maxListed, IDiagnosticSink sink)
{
    public int Failures { get; private set; }
    public int FirstLine { get; private set; }

    public void Fail(SourceLocation at, string message)
    {
        Failures++;
        if (Failures == 1) FirstLine = at.Line;
        if (Failures <= maxListed) sink.Report(Diagnostic.Error(code, message, at));
    }

    public void Finish(string file, int rowCount)
    {
        if (Failures <= maxListed) return;
        var fraction = (double)Failures / rowCount;
        sink.Report(Diagnostic.Error(code,
            $"Column '{column}': {Failures - maxListed} more row(s) fail this check ({Failures} of {rowCount} rows in all, {fraction:P1}); only the first {maxListed} are listed (MlMaxErrorsPerCheck).",
            new SourceLocation(file, FirstLine, 1)));
    }
}
