using System.Text.RegularExpressions;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Tests.Validation;

/// <summary>
/// A column's regex (<see cref="ValuePattern"/>): the fast backtracking engine while it is quick, the non-backtracking
/// one for good after the first value that times out, and a bounded backtracking engine for patterns only it can run.
/// </summary>
[TestClass]
public sealed class ValuePatternTests
{
    /// <summary>Makes <c>^(a+)+$</c>-style patterns backtrack exponentially (2^40 ways to split the a's).</summary>
    private static readonly string Evil = new string('a', 40) + "!";

    /// <summary>
    /// Matches on another thread and fails the test if that takes longer than <paramref name="limit"/>, so a pattern
    /// that hangs fails the test instead of hanging the run.
    /// </summary>
    private static bool MatchWithin(ValuePattern pattern, string text, TimeSpan limit)
    {
        var match = Task.Run(() => pattern.IsMatch(text));
        if (!match.Wait(limit)) Assert.Fail($"Matching a value of {text.Length} characters took longer than {limit}.");
        return match.Result;
    }

    [TestMethod]
    public void AnOrdinaryPatternMatchesAsRegexDoes()
    {
        const string pattern = @"^C\d{9}$";
        var value = new ValuePattern(pattern);
        var regex = new Regex(pattern, RegexOptions.CultureInvariant);
        string[] texts = ["C123456789", "C12345678", "C1234567890", "c123456789", "XC123456789", "C12345678X", "", "C", " C123456789", "C123456789\n", "C١٢٣٤٥٦٧٨٩"];

        foreach (var text in texts) Assert.AreEqual(regex.IsMatch(text), value.IsMatch(text), $"'{text}'");
        Assert.IsTrue(value.IsMatch("C123456789"));
        Assert.IsFalse(value.IsMatch("C12345678"));
        Assert.IsFalse(value.SwitchedToSafeEngine, "no value took long");
    }

    [TestMethod]
    public void AValueIsMatchedAsASpanOfALongerText()
    {
        var value = new ValuePattern(@"^C\d{3}$");
        var line = "x,C123,C12";
        Assert.IsTrue(value.IsMatch(line.AsSpan(2, 4)));
        Assert.IsFalse(value.IsMatch(line.AsSpan(7, 3)));
        Assert.IsFalse(value.IsMatch(line.AsSpan(2, 5)), "the span ends the text: '$' is at its end");
    }

    [TestMethod]
    public void ACatastrophicallyBacktrackingPatternSwitchesToTheSafeEngineAndStillMatchesCorrectly()
    {
        var value = new ValuePattern("^(a+)+$");
        Assert.IsTrue(value.IsMatch("aaaa"));
        Assert.IsFalse(value.SwitchedToSafeEngine);

        // No wall-clock bound here (a loaded CI machine makes those flaky): the watchdog fails a hang, and the switch
        // shows the fast engine gave up after its own timeout instead of running on.
        Assert.IsFalse(MatchWithin(value, Evil, TimeSpan.FromSeconds(10)));
        Assert.IsTrue(value.SwitchedToSafeEngine);

        // Later values: the safe engine answers, rightly and without hanging.
        Assert.IsTrue(value.IsMatch("aaaa"));
        Assert.IsTrue(value.IsMatch("a"));
        Assert.IsFalse(value.IsMatch(""));
        Assert.IsFalse(value.IsMatch("aab"));
        Assert.IsFalse(MatchWithin(value, Evil, TimeSpan.FromSeconds(10)));
        Assert.IsTrue(value.IsMatch(new string('a', 10_000)));
        Assert.IsFalse(MatchWithin(value, new string('a', 10_000) + "!", TimeSpan.FromSeconds(10)));
        Assert.IsTrue(value.SwitchedToSafeEngine, "for good");
    }

    [TestMethod]
    public void APatternWithABackreferenceWorks()
    {
        var value = new ValuePattern(@"^(\w)\1$");
        Assert.IsTrue(value.IsMatch("aa"));
        Assert.IsFalse(value.IsMatch("ab"));
        Assert.IsTrue(value.IsMatch("77"));
        Assert.IsFalse(value.IsMatch("aaa"));
        Assert.IsFalse(value.IsMatch(""));
        Assert.IsFalse(value.SwitchedToSafeEngine);
    }

    [TestMethod]
    public void ABackreferencePatternThatBacktracksCatastrophicallyGivesUpOnTheValueAndKeepsMatching()
    {
        // The non-backtracking engine cannot run a backreference: the safe engine is the backtracking one with a
        // one-second timeout, and a value that exceeds it counts as not matching.
        var value = new ValuePattern(@"^(a)\1(a+)+$");
        Assert.Throws<NotSupportedException>(() => new Regex(@"^(a)\1(a+)+$", RegexOptions.NonBacktracking));

        Assert.IsFalse(MatchWithin(value, "aa" + Evil, TimeSpan.FromSeconds(10)));
        Assert.IsTrue(value.SwitchedToSafeEngine);
        Assert.IsTrue(value.IsMatch("aaa"));
        Assert.IsFalse(value.IsMatch("aa"));
        Assert.IsFalse(value.IsMatch("ab" + "aaa"));
    }
}
