using System.Text.RegularExpressions;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Tests.Validation;

/// <summary>
/// <see cref="FixedLengthPattern"/> answers exactly as .NET's regex does for every pattern it recognises, and
/// recognises none that it could get wrong (those stay with the regex engine).
/// </summary>
[TestClass]
public sealed class FixedLengthPatternTests
{
    private static readonly string[] Texts =
    [
        "", "\n", "C", "C123456789", "C12345678", "C1234567890", "c123456789", "XC123456789", "C12345678X", " C123456789",
        "C123456789\n", "C123456789\n\n", "C123456789\r\n", "C١٢٣٤٥٦٧٨٩", "AB-1234", "ab-1234", "AB_1234", "A-1234", "AB-12345",
        "a.b", "a\nb", "axb", "a]b", "a-b", "a^b", "Zz9", "é", "-", "]", "x$", "x", "xx", "#1", " ", "a b", "\\", "AB-١٢٣٤",
    ];

    [TestMethod]
    [DataRow(@"^C\d{9}$")]
    [DataRow(@"^C\d{3}$")]
    [DataRow(@"^[A-Z]{2}-\d{4}$")]
    [DataRow(@"^[A-Za-z]{2}[-_]\d{4}$")]
    [DataRow(@"^[^0-9]{2}-[\d]{4}$")]
    [DataRow(@"^a.b$")]
    [DataRow(@"^a\.b$")]
    [DataRow(@"^a[]]b$")]
    [DataRow(@"^a[\]]b$")]
    [DataRow(@"^a[-^]b$")]
    [DataRow(@"^a[x-]b$")]
    [DataRow(@"^[Zz][a-z]\d$")]
    [DataRow(@"^x\$$")]
    [DataRow(@"^x{0}$")]
    [DataRow(@"^x{2}$")]
    [DataRow(@"^#\d$")]
    [DataRow(@"^a b$")]
    [DataRow(@"^\\$")]
    [DataRow(@"^.$")]
    [DataRow(@"^$")]
    [DataRow(@"^[^\n]$")]
    public void MatchesAsRegexDoes(string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        var fixedLength = FixedLengthPattern.TryParse(pattern);
        if (fixedLength is null) return; // not recognised: the regex engine matches it, so nothing can differ
        foreach (var text in Texts) Assert.AreEqual(regex.IsMatch(text), fixedLength.IsMatch(text), $"/{pattern}/ on '{Regex.Escape(text)}'");
    }

    [TestMethod]
    public void RandomPatternsOfTheShapeMatchAsRegexDoes()
    {
        string[] atoms = ["a", "x", "-", @"\d", @"\.", ".", "[a-c]", "[^a]", "[0-9x]", @"[\d-]", "[-a]", " "];
        const string alphabet = "abcx-.05\u0663 \n";
        var random = new Random(11);
        for (var p = 0; p < 300; p++)
        {
            var pattern = "^" + string.Concat(Enumerable.Range(0, random.Next(0, 4))
                .Select(_ => atoms[random.Next(atoms.Length)] + (random.Next(3) == 0 ? $"{{{random.Next(0, 3)}}}" : ""))) + "$";
            var fixedLength = FixedLengthPattern.TryParse(pattern);
            Assert.IsNotNull(fixedLength, pattern);
            var regex = new Regex(pattern, RegexOptions.CultureInvariant);
            for (var t = 0; t < 50; t++)
            {
                var text = new string([.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
                Assert.AreEqual(regex.IsMatch(text), fixedLength.IsMatch(text), $"/{pattern}/ on '{Regex.Escape(text)}'");
            }
        }
    }

    [TestMethod]
    [DataRow(@"^C\d{9}$")]
    [DataRow(@"^[A-Z]{2}-\d{4}$")]
    [DataRow(@"^[^0-9]{2}-[\d]{4}$")]
    [DataRow(@"^a\.b$")]
    [DataRow(@"^.$")]
    public void RecognisesFixedLengthRuns(string pattern) => Assert.IsNotNull(FixedLengthPattern.TryParse(pattern));

    [TestMethod]
    [DataRow(@"C\d{9}")] // not anchored
    [DataRow(@"^C\d{9}")]
    [DataRow(@"C\d{9}$")]
    [DataRow(@"^C\d+$")]
    [DataRow(@"^C\d*$")]
    [DataRow(@"^C\d?$")]
    [DataRow(@"^C\d{2,9}$")]
    [DataRow(@"^C\d{2,}$")]
    [DataRow(@"^C\d{9}?$")]
    [DataRow(@"^(C)\d$")]
    [DataRow(@"^a|b$")]
    [DataRow(@"^\w$")]
    [DataRow(@"^\s$")]
    [DataRow(@"^\D$")]
    [DataRow(@"^\p{L}$")]
    [DataRow(@"^\b$")]
    [DataRow(@"^\n$")]
    [DataRow(@"^(?i)c\d$")]
    [DataRow(@"^[a-z-[aeiou]]$")]
    [DataRow(@"^[a-z-0]$")]
    [DataRow(@"^[\w]$")]
    [DataRow(@"^[z-a]$")]
    [DataRow(@"^[abc$")]
    [DataRow(@"^x\$")]
    [DataRow(@"^a^b$")]
    [DataRow(@"^a$b$")]
    public void LeavesEveryOtherShapeToTheRegexEngine(string pattern) => Assert.IsNull(FixedLengthPattern.TryParse(pattern));
}
