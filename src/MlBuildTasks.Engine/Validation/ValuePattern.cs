using System.Text.RegularExpressions;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// A column's <c>regex</c> rule, matched fast but never slowly. Values are matched first with the compiled
/// backtracking engine (about twice as fast as the non-backtracking one on typical patterns such as
/// <c>^C\d{9}$</c>) under a short timeout. The first value that times out (a pattern that backtracks
/// catastrophically on this data) switches the column for good to the non-backtracking engine, whose time is
/// linear in the value, and is matched again there. So no data can make validation hang, and ordinary data
/// gets the fast engine. Patterns the non-backtracking engine cannot run (backreferences, lookarounds) keep
/// the backtracking engine with a one-second timeout per value; a value that exceeds it counts as not matching.
/// Before all that, a pattern of fixed-length runs such as <c>^C\d{9}$</c> (<see cref="FixedLengthPattern"/>) is
/// matched without any regex engine: the same answers, several times faster, and nothing to compile.
/// </summary>
internal sealed class ValuePattern
{
    private static readonly TimeSpan FastTimeout = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan SafeTimeout = TimeSpan.FromSeconds(1);

    private readonly string _pattern;
    private readonly FixedLengthPattern? _fixed;
    private readonly Regex? _fast;
    private Regex? _safe;

    public ValuePattern(string pattern)
    {
        _pattern = pattern;
        _fixed = FixedLengthPattern.TryParse(pattern);
        if (_fixed is null) _fast = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, FastTimeout);
    }

    /// <summary>True once a value timed out and the column moved to the engine that cannot.</summary>
    public bool SwitchedToSafeEngine => _safe is not null;

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        if (_fixed is not null) return _fixed.IsMatch(text);
        if (_safe is null)
        {
            try
            {
                return _fast!.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                _safe = SafeEngine(_pattern);
            }
        }

        try
        {
            return _safe.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Regex SafeEngine(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, SafeTimeout);
        }
    }
}
