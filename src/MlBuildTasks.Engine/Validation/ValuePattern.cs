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
/// </summary>
internal sealed class ValuePattern(string pattern)
{
    private static readonly TimeSpan FastTimeout = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan SafeTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex _fast = new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, FastTimeout);
    private Regex? _safe;

    /// <summary>True once a value timed out and the column moved to the engine that cannot.</summary>
    public bool SwitchedToSafeEngine => _safe is not null;

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        if (_safe is null)
        {
            try
            {
                return _fast.IsMatch(text);
            }
            catch (RegexMatchTimeoutException)
            {
                _safe = SafeEngine(pattern);
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
