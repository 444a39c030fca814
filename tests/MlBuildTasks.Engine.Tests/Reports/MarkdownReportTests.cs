using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.Reports;

namespace MlBuildTasks.Engine.Tests.Reports;

[TestClass]
public sealed class MarkdownReportTests
{
    private static string Render(ReportContent content) => MarkdownReport.Render(content);

    private static List<string> LinesOf(string markdown) => markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

    [TestMethod]
    public void StartsWithTheMarkerACiStepLooksFor()
    {
        var markdown = Render(new ReportContent(ReportSamples.Binary(), null, null, null));

        Assert.AreEqual("<!-- mlbuildtasks-report:Churn -->", LinesOf(markdown)[0]);
    }

    [TestMethod]
    public void TheGateTableShowsAFailedGateWithItsValueAndBound()
    {
        var markdown = Render(new ReportContent(ReportSamples.Binary(), null, null, null));

        var lines = LinesOf(markdown);
        StringAssert.Contains(markdown, "### Gates");
        StringAssert.Contains(lines[1], "gates FAILED");
        Assert.Contains("| auc | 0.9100 | ≥ 0.8 | - | - | ✅ passed |", lines);
        Assert.Contains("| accuracy | 0.8500 | ≥ 0.9 | - | - | ❌ **FAILED** |", lines);
    }

    [TestMethod]
    public void WithABaselineTheGateAndTheDiffTableShowIt()
    {
        var gates = new List<GateResult> { new("auc", 0.91, null, null, false, Baseline: 0.93, Change: 0.91 - 0.93, MaxDrop: 0.01) };
        var markdown = Render(new ReportContent(ReportSamples.Binary(gates), null, ReportSamples.Baseline(), null));

        var lines = LinesOf(markdown);
        Assert.Contains("| auc | 0.9100 | change within 0.01 | 0.9300 | -0.0200 | ❌ **FAILED** |", lines);
        StringAssert.Contains(markdown, "### Compared with the baseline (Churn.metrics.json)");
        Assert.Contains("| metric | baseline | candidate | change |", lines);
        Assert.Contains("| auc | 0.9300 | 0.9100 | -0.0200 |", lines);
        Assert.Contains("| accuracy | 0.8600 | 0.8500 | -0.0100 |", lines);
        Assert.Contains("| f1 | 0.8000 | n/a | n/a |", lines);
    }

    [TestMethod]
    public void WithoutABaselineThereIsNoDiffTable()
    {
        var markdown = Render(new ReportContent(ReportSamples.Binary(), null, null, null));

        Assert.DoesNotContain("baseline (", markdown);
        Assert.DoesNotContain("| metric | baseline | candidate | change |", markdown);
    }

    [TestMethod]
    public void ValuesFromTheDataAreEscaped()
    {
        var markdown = Render(new ReportContent(ReportSamples.Binary(), ReportSamples.Validation(), null, null));

        Assert.DoesNotContain("<script", markdown);
        StringAssert.Contains(markdown, "| Plan=&lt;script&gt;alert(1)&lt;/script&gt; | 30 | 0.9300 |");
        StringAssert.Contains(markdown, "| range | &lt;script&gt;alert(1)&lt;/script&gt; | warning | 1.00 % |");
    }

    [TestMethod]
    public void APipeInAValueDoesNotBreakTheTable()
    {
        Assert.AreEqual("a \\| b c", ReportText.Cell("a | b\nc"));
    }

    [TestMethod]
    public void SlicesTopFeaturesAndDataChecksHaveTheirTables()
    {
        var markdown = Render(new ReportContent(ReportSamples.Binary(), ReportSamples.Validation(), null, null));

        var lines = LinesOf(markdown);
        Assert.Contains("| slice | rows | auc | accuracy | f1 |", lines);
        Assert.Contains("| Plan=basic | 30 | 0.8800 | n/a | n/a |", lines);
        StringAssert.Contains(markdown, "### Top features (drop in auc when shuffled)");
        Assert.Contains("| Usage | 0.3100 | 0.0200 |", lines);
        Assert.Contains("### Data checks: 1 of 2 passed", lines);
        Assert.Contains("<details open><summary>All checks</summary>", lines, "a check warned: unfolded");
        Assert.Contains("| check | column | result | failing |", lines);
        Assert.Contains("| not-null | Plan | ok | 0.00 % |", lines);
    }
}
