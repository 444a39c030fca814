using System.Globalization;
using System.Text;
using MlBuildTasks.Engine.Data;

namespace MlBuildTasks.Engine.Tests.Data;

/// <summary>
/// How a cell is read as a value (<see cref="ValueParser"/>): the plain-decimal fast path must give the very double
/// <see cref="double.Parse(string, NumberStyles, IFormatProvider)"/> gives, and leave everything else to it.
/// </summary>
[TestClass]
public sealed class ValueParserTests
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Strings the fast path is meant for, and its edges: see <see cref="Plain"/>.</summary>
    private static readonly string[] Edges =
    [
        "", "-", ".", "-.", "0", "-0", "-0.0", "00", "007", "-007.50", "1.", "-1.", ".5", "-.5", "0.1", "0.2", "0.3",
        "123456789012345", "1234567890123456", "-123456789012345", "12345678901234.5", "1234567890123.456",
        "0.000000000000000000001", "0.0000000000000000000001", "0.00000000000000000000001",
        "0.1234567890123456789012", "0.12345678901234567890123", "9999999999999999999999", "999999999999999",
        "9007199254740993", "900719925474099.3", "0.0000000123456789012345", "1.000000000000000", "1.00000000000000",
        "100000000000000", "1000000000000000", "000000000000000000000000000001.5", "4.35", "2.675", "1.005", "0.1e1",
    ];

    /// <summary>
    /// What the fast path is documented to take: an optional '-', ASCII digits with at most one '.', at least one digit,
    /// at most 15 significant digits (from the first non-zero one) and at most 22 decimals.
    /// </summary>
    private static bool Plain(string s)
    {
        var i = s.StartsWith('-') ? 1 : 0;
        int digits = 0, significant = 0, decimals = 0;
        bool point = false, nonZero = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= '0' and <= '9')
            {
                digits++;
                if (c != '0') nonZero = true;
                if (nonZero) significant++;
                if (point) decimals++;
            }
            else if (c == '.' && !point) point = true;
            else return false;
        }

        return digits > 0 && significant <= 15 && decimals <= 22;
    }

    /// <summary>An optional '-', leading zeros, 0-20 digits, an optional '.' and 0-25 more digits.</summary>
    private static string Generate(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(3) == 0) text.Append('-');
        if (random.Next(5) == 0) text.Append('0', random.Next(1, 4));
        var whole = random.Next(4) == 0 ? random.Next(0, 21) : random.Next(0, 8);
        for (var i = 0; i < whole; i++) text.Append((char)('0' + random.Next(10)));
        if (random.Next(2) == 0)
        {
            text.Append('.');
            if (random.Next(6) == 0) text.Append('0', random.Next(1, 12)); // small numbers: leading zeros after the point
            var fraction = random.Next(4) == 0 ? random.Next(0, 26) : random.Next(0, 8);
            for (var i = 0; i < fraction; i++) text.Append((char)('0' + random.Next(10)));
        }

        return text.ToString();
    }

    /// <summary>
    /// The same string with one thing the fast path must refuse: an exponent, a '+', a space, a thousands separator,
    /// a second point or a letter, at a random place.
    /// </summary>
    private static string Spoil(Random random, string plain)
    {
        string[] intruders = ["e", "E", "e5", "E-3", "+", " ", ",", ".", "x", "\u0663" /* Arabic-Indic 3 */, "_"];
        var intruder = intruders[random.Next(intruders.Length)];
        if (intruder == "." && !plain.Contains('.')) intruder = ".."; // must be a second point
        return plain.Insert(random.Next(plain.Length + 1), intruder);
    }

    private static IEnumerable<string> Strings(int count, int seed)
    {
        var random = new Random(seed);
        foreach (var edge in Edges) yield return edge;
        for (var i = 0; i < count; i++) yield return Generate(random);
    }

    [TestMethod]
    public void PlainDecimalsParseToTheSameDoubleAsDoubleParseAndNothingElseIsTaken()
    {
        long accepted = 0, total = 0;
        var failures = new List<string>();
        foreach (var s in Strings(200_000, seed: 20261127))
        {
            total++;
            var fast = ValueParser.TryParsePlainDecimal(s, out var number);
            if (fast != Plain(s))
            {
                failures.Add($"'{s}': fast path said {fast}, expected {Plain(s)}");
                continue;
            }

            if (!fast) continue;
            accepted++;
            var expected = double.Parse(s, NumberStyles.Float, Invariant);
            if (BitConverter.DoubleToInt64Bits(number) != BitConverter.DoubleToInt64Bits(expected))
                failures.Add($"'{s}': fast path gave {number:R} (bits {BitConverter.DoubleToInt64Bits(number):X16}), double.Parse {expected:R} (bits {BitConverter.DoubleToInt64Bits(expected):X16})");
        }

        Assert.IsEmpty(failures, $"{failures.Count} of {total}:\n" + string.Join("\n", failures.Take(20)));
        // Not vacuous: most generated strings are plain decimals the fast path takes, and some are not.
        Assert.IsGreaterThan(total / 2, accepted);
        Assert.IsLessThan(total, accepted);
    }

    [TestMethod]
    [DataRow("-0")]
    [DataRow("-0.000")]
    [DataRow("-.0")]
    public void MinusZeroIsNegativeZeroAsDoubleParseHasIt(string s)
    {
        Assert.IsTrue(ValueParser.TryParsePlainDecimal(s, out var number));
        Assert.AreEqual(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(number));
    }

    [TestMethod]
    [DataRow("1e5")]
    [DataRow("1E5")]
    [DataRow("1.5e-3")]
    [DataRow("+1")]
    [DataRow("+1.5")]
    [DataRow(" 1")]
    [DataRow("1 ")]
    [DataRow("1 000")]
    [DataRow("1,000")]
    [DataRow("1,000.5")]
    [DataRow("1.2.3")]
    [DataRow("--1")]
    [DataRow("1-")]
    [DataRow("NaN")]
    [DataRow("Infinity")]
    [DataRow("0x10")]
    [DataRow("1234567890123456")] // 16 significant digits
    [DataRow("0.1234567890123456")]
    [DataRow("1000000000000000")] // trailing zeros are significant digits too
    [DataRow("9007199254740993")]
    [DataRow("0.00000000000000000000001")] // 23 decimals
    [DataRow("1.00000000000000000000000")]
    [DataRow("")]
    [DataRow("-")]
    [DataRow(".")]
    [DataRow("-.")]
    public void OtherFormsAreLeftToDoubleParse(string s)
    {
        Assert.IsFalse(ValueParser.TryParsePlainDecimal(s, out _), s);
        // ...which still reads the ones that are numbers, the same as double.TryParse.
        AgreesWithDoubleTryParse(s);
    }

    [TestMethod]
    [DataRow("123456789012345", 123456789012345d)]
    [DataRow("0.0000000000000000000001", 1e-22)] // 22 decimals: the last power of ten that is exact
    [DataRow("000123.4500", 123.45)]
    [DataRow("1.", 1d)]
    [DataRow(".5", 0.5)]
    [DataRow("-12.5", -12.5)]
    public void TheFastPathTakesTheEdgesOfItsRange(string s, double expected)
    {
        Assert.IsTrue(ValueParser.TryParsePlainDecimal(s, out var number), s);
        Assert.AreEqual(expected, number);
    }

    [TestMethod]
    public void TryParseNumberInTheInvariantCultureAgreesWithDoubleTryParse()
    {
        var random = new Random(7);
        var count = 0;
        foreach (var s in Strings(100_000, seed: 11))
        {
            AgreesWithDoubleTryParse(s);
            // Half of them spoiled: exponents (which double.TryParse reads), '+', spaces, ',' and so on.
            if (random.Next(2) == 0) AgreesWithDoubleTryParse(Spoil(random, s));
            count++;
        }

        Assert.IsGreaterThan(100_000, count);
    }

    [TestMethod]
    public void SpoiledPlainDecimalsAreNeverTakenByTheFastPath()
    {
        var random = new Random(3);
        var taken = new List<string>();
        foreach (var s in Strings(50_000, seed: 5))
        {
            var spoiled = Spoil(random, s);
            if (ValueParser.TryParsePlainDecimal(spoiled, out _)) taken.Add(spoiled);
        }

        Assert.IsEmpty(taken, string.Join(", ", taken.Take(20).Select(s => $"'{s}'")));
    }

    private static void AgreesWithDoubleTryParse(string s)
    {
        var expectedOk = double.TryParse(s, NumberStyles.Float, Invariant, out var expected);
        var ok = ValueParser.TryParseNumber(s, Invariant, out var number);
        Assert.AreEqual(expectedOk, ok, $"'{s}'");
        if (ok) Assert.AreEqual(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(number), $"'{s}': {number:R} vs {expected:R}");
    }

    [TestMethod]
    [DataRow("true", true)]
    [DataRow("TRUE", true)]
    [DataRow("True", true)]
    [DataRow("tRuE", true)]
    [DataRow("yes", true)]
    [DataRow("YES", true)]
    [DataRow("yEs", true)]
    [DataRow("y", true)]
    [DataRow("Y", true)]
    [DataRow("1", true)]
    [DataRow("  true\t", true)]
    [DataRow("\tYes\r\n", true)]
    [DataRow(" y ", true)]
    [DataRow(" 1", true)]
    [DataRow("false", false)]
    [DataRow("FALSE", false)]
    [DataRow("fAlSe", false)]
    [DataRow("no", false)]
    [DataRow("NO", false)]
    [DataRow("nO ", false)]
    [DataRow("n", false)]
    [DataRow("N", false)]
    [DataRow("0", false)]
    [DataRow("  false  ", false)]
    [DataRow("\t0\t", false)]
    public void BooleanWordsInAnyCaseAndWithSurroundingWhitespaceAreRead(string text, bool expected)
    {
        Assert.IsTrue(ValueParser.TryParseBoolean(text.AsSpan(), out var result), $"'{text}'");
        Assert.AreEqual(expected, result, $"'{text}'");
        // The string overload is the same.
        Assert.IsTrue(ValueParser.TryParseBoolean(text, out var viaString));
        Assert.AreEqual(expected, viaString);
    }

    [TestMethod]
    public void ABooleanIsReadFromASliceOfALongerText()
    {
        var line = "id,Yes,no";
        Assert.IsTrue(ValueParser.TryParseBoolean(line.AsSpan(3, 3), out var yes));
        Assert.IsTrue(yes);
        Assert.IsTrue(ValueParser.TryParseBoolean(line.AsSpan(7, 2), out var no));
        Assert.IsFalse(no);
        Assert.IsFalse(ValueParser.TryParseBoolean(line.AsSpan(3, 2), out _), "'Ye' is not a word");
    }

    [TestMethod]
    [DataRow("tru")]
    [DataRow("yess")]
    [DataRow("2")]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("on")]
    [DataRow("off")]
    [DataRow("ye")]
    [DataRow("t")]
    [DataRow("f")]
    [DataRow("-1")]
    [DataRow("1.0")]
    [DataRow("00")]
    [DataRow("nope")]
    [DataRow("falsy")]
    [DataRow("truee")]
    [DataRow("yes!")]
    [DataRow("y e s")]
    [DataRow("ni")]
    [DataRow("tree")]
    [DataRow("faLse0")]
    public void OtherTextIsNotABoolean(string text)
    {
        Assert.IsFalse(ValueParser.TryParseBoolean(text.AsSpan(), out var result), $"'{text}'");
        Assert.IsFalse(result, "result is false when not a boolean");
    }
}
