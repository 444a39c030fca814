using System.Globalization;
using System.Runtime.CompilerServices;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// Counts one check's evaluations and failures over a stream of rows. The first failing cells are kept
/// (at most MaxListedPerCheck, so memory stays constant); when the check ends they become diagnostics at
/// their cells, plus one that counts the rest, but only if the failing share is over the tolerance.
/// A failing cell of a batch is kept by reference and located when the check ends (see <see cref="CellLocator"/>).
/// </summary>
public sealed class CheckAccumulator(string check, string? column, string code, CheckSeverity severity, double mostly, ValidationOptions options,
    CellLocator? cells = null)
{
    private readonly List<(SourceLocation? At, CellRef Cell, string Message)> _listed = [];

    public string Check { get; } = check;
    public string? Column { get; } = column;
    public string Code { get; } = code;
    public long Evaluated { get; private set; }
    public long Failed { get; private set; }

    /// <summary>Records a passing value. Called for nearly every cell, from large loops whose inlining budget the JIT had spent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Pass() => Evaluated++;

    /// <summary>Records a failing value; <paramref name="describe"/> runs only for the cells that will be listed.</summary>
    public void Fail(Func<SourceLocation> at, Func<string> describe)
    {
        Evaluated++;
        Failed++;
        if (_listed.Count < options.MaxListedPerCheck) _listed.Add((at(), default, describe()));
    }

    /// <summary>Records a failing cell; <paramref name="describe"/> runs only for the cells that will be listed.</summary>
    public void Fail(CellRef cell, Func<string> describe)
    {
        Evaluated++;
        Failed++;
        if (_listed.Count < options.MaxListedPerCheck) _listed.Add((null, cell, describe()));
    }

    /// <summary>The listed cells whose place is still to be found: none when the check passes (nothing is reported).</summary>
    public IEnumerable<CellRef> CellsToLocate => Passed ? [] : _listed.Where(l => l.At is null).Select(l => l.Cell);

    /// <summary>
    /// Adds the same check's counts and listed cells over later rows (<see cref="ScanPart.MergeFrom"/>), and
    /// <paramref name="repeats"/>: values <paramref name="later"/> passed that fail once the earlier rows are known too (a
    /// unique column's value that this part's rows already had). Cells stay listed in file order.
    /// </summary>
    public void MergeFrom(CheckAccumulator later, IReadOnlyList<(CellRef Cell, string Message)>? repeats = null)
    {
        Evaluated += later.Evaluated;
        Failed += later.Failed + (repeats?.Count ?? 0);
        var listed = repeats is not { Count: > 0 } ? later._listed
            : later._listed.Concat(repeats.Select(r => ((SourceLocation?)null, r.Cell, r.Message))).OrderBy(l => l.Cell.Tag).ToList();
        foreach (var entry in listed)
        {
            if (_listed.Count >= options.MaxListedPerCheck) break;
            _listed.Add(entry);
        }
    }

    /// <summary>Records <paramref name="count"/> passing values at once.</summary>
    public void Pass(long count) => Evaluated += count;

    public bool Passed => Failed == 0 || (double)Failed / Math.Max(Evaluated, 1) <= 1 - mostly + 1e-12;

    /// <summary>Reports the listed cells and a count of the rest when the check failed; returns its result.</summary>
    public CheckResult Finish(IDiagnosticSink sink, string? detail = null)
    {
        var passed = Passed;
        var effective = EffectiveSeverity(severity, options);
        if (!passed)
        {
            var tolerance = mostly < 1 ? $" The rule allows {(1 - mostly).ToString("P1", CultureInfo.InvariantCulture)} ('mostly': {mostly.ToString(CultureInfo.InvariantCulture)})." : "";
            var listed = _listed.Select(l => (At: l.At ?? cells!.Cell(l.Cell), l.Message)).ToList();
            foreach (var (at, message) in listed)
                sink.Report(new Diagnostic(ToSeverity(effective), Code, message, at.File, at.Line, at.Column));
            var share = ((double)Failed / Math.Max(Evaluated, 1)).ToString("P1", CultureInfo.InvariantCulture);
            if (Failed > _listed.Count)
            {
                var first = listed.Count > 0 ? listed[0].At : null;
                sink.Report(new Diagnostic(ToSeverity(effective), Code,
                    $"{Subject}: {Failed - _listed.Count} more value(s) fail this check ({Failed} of {Evaluated}, {share}); only the first {_listed.Count} are listed (MlMaxErrorsPerCheck).{tolerance}",
                    first?.File, first?.Line ?? 0, 1));
            }
            else if (mostly < 1 && _listed.Count > 0)
            {
                var first = listed[0].At;
                sink.Report(new Diagnostic(ToSeverity(effective), Code, $"{Subject}: {Failed} of {Evaluated} values fail this check ({share}).{tolerance}", first.File, first.Line, 1));
            }
        }

        return new CheckResult(Check, Column, Code, effective, Evaluated, Failed, mostly, passed, detail);
    }

    private string Subject => Column is null ? Check : $"Column '{Column}'";

    internal static CheckSeverity EffectiveSeverity(CheckSeverity severity, ValidationOptions options) =>
        options.WarningsAsErrors ? CheckSeverity.Error : severity;

    internal static Severity ToSeverity(CheckSeverity severity) => severity == CheckSeverity.Error ? Severity.Error : Severity.Warning;
}
