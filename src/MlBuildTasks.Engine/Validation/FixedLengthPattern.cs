namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// A regex of the shape ids and codes nearly always have, <c>^</c>, then runs of fixed length, then <c>$</c>, such as
/// <c>^C\d{9}$</c> or <c>^[A-Z]{2}-\d{4}$</c>, matched position by position without the regex engine: a compiled
/// regex costs about 26 ns a value even for this, this a few. A run is a literal character (escaped or not),
/// <c>\d</c> (any Unicode decimal digit, as .NET's <c>\d</c>), <c>.</c> (anything but a line feed) or a set of
/// characters and ranges (<c>[...]</c>, negated with <c>^</c>), once or <c>{n}</c> times. As in .NET, <c>$</c>
/// also matches before a final line feed. Any other pattern is not recognised (<see cref="TryParse"/> returns null)
/// and stays with the regex engine, so this never changes what matches.
/// </summary>
internal sealed class FixedLengthPattern
{
    /// <summary>Longer patterns are left to the regex engine (a test per character of the value is kept).</summary>
    private const int MaxLength = 1024;

    /// <summary>What each character of a matching value must be, in order.</summary>
    private readonly Position[] _positions;

    private FixedLengthPattern(Position[] positions) => _positions = positions;

    /// <summary>
    /// One character's test: the range most characters fall in (a literal, '0' to '9'), <see cref="Width"/> characters
    /// from <see cref="From"/>, decided by one comparison; any other character is asked of the <see cref="Run"/>.
    /// </summary>
    private readonly record struct Position(char From, uint Width, Run Run);

    /// <summary>What one run accepts: a character test, <see cref="Count"/> times in a row.</summary>
    private sealed record Run(Kind Kind, char Literal, (char From, char To)[] Ranges, bool AnyDigit, bool Negated, int Count)
    {
        public bool Accepts(char c) => Kind switch
        {
            Kind.Literal => c == Literal,
            Kind.Digit => IsDigit(c),
            Kind.AnyButNewline => c != '\n',
            _ => InSet(c) != Negated,
        };

        private bool InSet(char c)
        {
            if (AnyDigit && IsDigit(c)) return true;
            foreach (var (from, to) in Ranges)
                if (c >= from && c <= to) return true;
            return false;
        }

        public Position ToPosition() => Kind switch
        {
            Kind.Literal => new Position(Literal, 1, this),
            Kind.Digit => new Position('0', 10, this),
            Kind.Set when !Negated && Ranges.Length > 0 => new Position(Ranges[0].From, (uint)(Ranges[0].To - Ranges[0].From + 1), this),
            _ => new Position('\0', 0, this),
        };
    }

    private enum Kind { Literal, Digit, AnyButNewline, Set }

    /// <summary>.NET's <c>\d</c>: Unicode category Nd (the ASCII digits are settled before this is asked).</summary>
    private static bool IsDigit(char c) => char.IsDigit(c);

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        var positions = _positions;
        // '$' matches at the end or before a final '\n' (RegexOptions.Multiline is not set).
        if (text.Length == positions.Length + 1 && text[^1] == '\n') text = text[..^1];
        if (text.Length != positions.Length) return false;
        for (var i = 0; i < positions.Length; i++)
        {
            var c = text[i];
            ref readonly var position = ref positions[i];
            if ((uint)(c - position.From) >= position.Width && !position.Run.Accepts(c)) return false;
        }

        return true;
    }

    /// <summary>The pattern as runs of fixed length, or null when it has any other shape (the regex engine then matches it).</summary>
    public static FixedLengthPattern? TryParse(string pattern)
    {
        if (pattern.Length < 2 || pattern[0] != '^' || pattern[^1] != '$' || (pattern.Length > 2 && pattern[^2] == '\\')) return null;
        var body = pattern.AsSpan(1, pattern.Length - 2);
        var runs = new List<Run>();
        var i = 0;
        while (i < body.Length)
        {
            var run = ParseAtom(body, ref i);
            if (run is null) return null;
            if (i < body.Length && body[i] == '{')
            {
                var close = body[i..].IndexOf('}');
                if (close < 2 || !int.TryParse(body.Slice(i + 1, close - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) || count > MaxLength) return null;
                run = run with { Count = count };
                i += close + 1;
            }

            // Any other quantifier (*, +, ?, a lazy {n}?) makes the length variable: not this shape.
            if (i < body.Length && body[i] is '*' or '+' or '?' or '{') return null;
            runs.Add(run);
        }

        // Plain loops into an array, not LINQ or a list of the Position struct: their generic code would be compiled at start-up.
        var length = 0;
        foreach (var run in runs) length += run.Count;
        if (length > MaxLength) return null;
        var positions = new Position[length];
        var at = 0;
        foreach (var run in runs)
        {
            for (var k = 0; k < run.Count; k++) positions[at++] = run.ToPosition();
        }

        return new FixedLengthPattern(positions);
    }

    private static Run? ParseAtom(ReadOnlySpan<char> body, ref int i)
    {
        var c = body[i++];
        switch (c)
        {
            case '.':
                return new Run(Kind.AnyButNewline, '\0', [], false, false, 1);
            case '[':
                return ParseSet(body, ref i);
            case '\\':
                if (i >= body.Length) return null;
                var escaped = body[i++];
                if (escaped == 'd') return new Run(Kind.Digit, '\0', [], false, false, 1);
                // An escaped punctuation character is itself; escaped letters and digits are classes, anchors or references.
                return char.IsAsciiLetterOrDigit(escaped) || escaped > '\u007f' ? null : new Run(Kind.Literal, escaped, [], false, false, 1);
            case '*' or '+' or '?' or '{' or '}' or '(' or ')' or '|' or '^' or '$' or ']':
                return null;
            default:
                // White space and '#' are literals here: RegexOptions.IgnorePatternWhitespace is not set.
                return new Run(Kind.Literal, c, [], false, false, 1);
        }
    }

    /// <summary>A set of literal characters, ranges and <c>\d</c>; subtraction, other classes and escapes are not recognised.</summary>
    private static Run? ParseSet(ReadOnlySpan<char> body, ref int i)
    {
        var negated = i < body.Length && body[i] == '^';
        if (negated) i++;
        var ranges = new List<(char, char)>();
        var anyDigit = false;
        var start = i;
        while (i < body.Length && body[i] != ']')
        {
            char from;
            // Not recognised: [a-z-[aeiou]] and other nested forms, and a '-' that is neither first, last nor a range's.
            if (body[i] == '[' || (body[i] == '-' && i > start && i + 1 < body.Length && body[i + 1] != ']')) return null;
            if (body[i] == '\\')
            {
                if (i + 1 >= body.Length) return null;
                var escaped = body[i + 1];
                i += 2;
                if (escaped == 'd')
                {
                    anyDigit = true;
                    continue;
                }

                if (char.IsAsciiLetterOrDigit(escaped) || escaped > '\u007f') return null;
                from = escaped;
            }
            else from = body[i++];

            // A range "a-z" (a '-' first or last is a literal).
            if (i + 1 < body.Length && body[i] == '-' && body[i + 1] != ']')
            {
                var to = body[i + 1];
                if (to is '\\' or '[' || to < from) return null;
                ranges.Add((from, to));
                i += 2;
            }
            else ranges.Add((from, from));
        }

        if (i >= body.Length || i == start) return null; // no closing ']', or "[]...]", whose first ']' .NET reads as a literal
        i++;
        return new Run(Kind.Set, '\0', [.. ranges], anyDigit, negated, 1);
    }
}
