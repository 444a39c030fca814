namespace MlBuildTasks.Engine.Diagnostics;

/// <summary>Where the engine reports what it finds and what it is doing. The CLI writes these to stdout.</summary>
public interface IDiagnosticSink
{
    void Report(Diagnostic diagnostic);

    /// <summary>Progress and results for a person; <paramref name="important"/> shows at normal verbosity.</summary>
    void Message(string text, bool important = false);
}

/// <summary>
/// Collects diagnostics in memory; used by tests and to count errors. <see cref="Items"/> holds what asks for action
/// (errors and warnings), <see cref="Notes"/> the informational ones (such as a gate that passed), in report order.
/// </summary>
public sealed class DiagnosticList : IDiagnosticSink
{
    private readonly IDiagnosticSink? _forward;
    private readonly List<Diagnostic> _items = [];
    private readonly List<Diagnostic> _notes = [];
    private readonly List<Diagnostic> _all = [];

    public DiagnosticList(IDiagnosticSink? forward = null) => _forward = forward;

    public IReadOnlyList<Diagnostic> Items => _items;
    public IReadOnlyList<Diagnostic> Notes => _notes;
    /// <summary>Every diagnostic, errors, warnings and notes, in the order reported.</summary>
    public IReadOnlyList<Diagnostic> All => _all;
    public List<string> Messages { get; } = [];
    public bool HasErrors => _items.Any(d => d.Severity == Severity.Error);

    public void Report(Diagnostic diagnostic)
    {
        lock (_all)
        {
            (diagnostic.Severity == Severity.Info ? _notes : _items).Add(diagnostic);
            _all.Add(diagnostic);
        }

        _forward?.Report(diagnostic);
    }

    public void Message(string text, bool important = false)
    {
        lock (Messages) Messages.Add(text);
        _forward?.Message(text, important);
    }
}

/// <summary>
/// Thrown for a problem that stops the current stage. It carries its diagnostic so the caller reports
/// one clear error instead of a stack trace.
/// </summary>
public sealed class MlBuildException(Diagnostic diagnostic) : Exception(diagnostic.Message)
{
    public Diagnostic Diagnostic { get; } = diagnostic;
}
