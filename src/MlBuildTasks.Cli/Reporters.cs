using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Cli;

/// <summary>
/// One JSON object per stdout line, read by the MSBuild task shim:
/// <c>{"kind":"diagnostic","severity":"error","code":"MLB2005","file":"...","line":3,"column":7,"message":"..."}</c>
/// or <c>{"kind":"message","importance":"high","text":"..."}</c>. The format is documented in docs/engine-protocol.md.
/// </summary>
internal sealed class JsonLineReporter(TextWriter output) : IDiagnosticSink
{
    private readonly Lock _gate = new();

    public void Report(Diagnostic d) => Write(new Dictionary<string, object?>
    {
        ["kind"] = "diagnostic",
        ["severity"] = d.Severity.ToString().ToLowerInvariant(),
        ["code"] = d.Code,
        ["file"] = d.File,
        ["line"] = d.Line,
        ["column"] = d.Column,
        ["message"] = d.Message,
    });

    public void Message(string text, bool important = false) => Write(new Dictionary<string, object?>
    {
        ["kind"] = "message",
        ["importance"] = important ? "high" : "normal",
        ["text"] = text,
    });

    private void Write(Dictionary<string, object?> line)
    {
        var json = JsonSerializer.Serialize(line);
        lock (_gate)
        {
            output.WriteLine(json);
            output.Flush();
        }
    }
}

/// <summary>
/// For people: canonical <c>file(line,col): error CODE: message</c> lines for errors and warnings on stderr; notes
/// (such as a passed gate) and messages on stdout, since some CI steps treat any stderr output as a failure.
/// </summary>
internal sealed class TextReporter(TextWriter output, TextWriter errors) : IDiagnosticSink
{
    public void Report(Diagnostic diagnostic) => (diagnostic.Severity == Severity.Info ? output : errors).WriteLine(diagnostic.ToString());

    public void Message(string text, bool important = false) => output.WriteLine(text);
}
