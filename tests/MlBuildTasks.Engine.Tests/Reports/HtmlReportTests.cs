using System.Text.RegularExpressions;
using MlBuildTasks.Engine.Reports;

namespace MlBuildTasks.Engine.Tests.Reports;

[TestClass]
public sealed class HtmlReportTests
{
    private static int Count(string html, string text) => Regex.Matches(html, Regex.Escape(text)).Count;

    private static void AssertSelfContained(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [TestMethod]
    public void BinaryHasCurvesMatrixImportanceAndSliceCharts()
    {
        var html = HtmlReport.Render(new ReportContent(ReportSamples.Binary(), ReportSamples.Validation(), ReportSamples.Baseline(), ReportSamples.BinaryCurves()));

        AssertSelfContained(html);
        // ROC, precision-recall, confusion matrix, feature importance, slices.
        Assert.AreEqual(5, Count(html, "<svg"));
        StringAssert.Contains(html, "ROC curve");
        StringAssert.Contains(html, "Precision-recall curve");
        StringAssert.Contains(html, "auc by slice");
        StringAssert.Contains(html, "<span class=\"fail\">FAILED</span>");
        StringAssert.Contains(html, "Compared with the baseline");
    }

    [TestMethod]
    public void RegressionHasResidualsAndImportance()
    {
        var html = HtmlReport.Render(new ReportContent(ReportSamples.Regression(), null, null, ReportSamples.RegressionCurves()));

        AssertSelfContained(html);
        Assert.AreEqual(2, Count(html, "<svg"));
        StringAssert.Contains(html, "Residuals (test part)");
        Assert.AreEqual(3, Count(html, "<circle"));
        Assert.DoesNotContain("Compared with the baseline", html);
    }

    [TestMethod]
    public void MulticlassHasItsConfusionMatrix()
    {
        var html = HtmlReport.Render(new ReportContent(ReportSamples.Multiclass(), null, null, null));

        AssertSelfContained(html);
        Assert.AreEqual(1, Count(html, "<svg"));
        Assert.AreEqual(9, Count(html, "<rect x="), "one cell per actual and predicted class");
    }

    [TestMethod]
    public void ValuesFromTheDataAreEscaped()
    {
        var html = HtmlReport.Render(new ReportContent(ReportSamples.Binary(), ReportSamples.Validation(), null, ReportSamples.BinaryCurves()));

        AssertSelfContained(html);
        StringAssert.Contains(html, "Plan=&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    [TestMethod]
    public void APolicyForbidsScriptsAndFetches()
    {
        var html = HtmlReport.Render(new ReportContent(ReportSamples.Regression(), null, null, null));

        StringAssert.Contains(html, "content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    }
}
