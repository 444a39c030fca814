using System.Diagnostics;
using System.Globalization;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Pipeline;

/// <summary>The reports of a trained model: written beside metrics.json, named in the build's output, and rendered by a real browser.</summary>
[TestClass]
public sealed class TrainingRunReportTests
{
    private const string Slices = "\"slices\": [\"Plan\"]";

    private static ModelProject BinaryWithSlices() => ModelProject.Create(
        "{ \"task\": \"binary-classification\", \"data\": \"data.csv\", \"label\": \"Churned\", \"trainer\": \"fast-tree\", " +
        "\"gates\": [{ \"metric\": \"auc\", \"min\": 0.8 }], " + Slices + " }", SampleData.Binary(flipFraction: 0.1));

    [TestMethod]
    public void ABinaryRunWritesBothReportsAndSaysWhere()
    {
        using var project = BinaryWithSlices();
        var diagnostics = new DiagnosticList();

        var result = project.Train(diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        var paths = project.Artifacts();
        var markdown = File.ReadAllText(paths.ReportMarkdown);
        StringAssert.StartsWith(markdown, "<!-- mlbuildtasks-report:Churn -->");
        StringAssert.Contains(markdown, "| auc |");
        StringAssert.Contains(markdown, "### Data checks");
        var html = File.ReadAllText(paths.ReportHtml);
        Assert.AreEqual(5, html.Split("<svg").Length - 1, "ROC, precision-recall, confusion matrix, importance, slices");
        var message = diagnostics.Messages.Single(m => m.Contains("reports:", StringComparison.Ordinal));
        StringAssert.Contains(message, paths.ReportMarkdown);
        StringAssert.Contains(message, paths.ReportHtml);
        Assert.IsEmpty(Directory.GetFiles(paths.Directory, "*.tmp"), "written by rename");
    }

    [TestMethod]
    public void ARegressionRunDrawsItsResidualsWithinTheLimit()
    {
        using var project = ModelProject.Create("{ \"task\": \"regression\", \"data\": \"data.csv\", \"label\": \"Price\", \"trainer\": \"sdca\" }",
            SampleData.Regression(), "Prices.mlmodel.json");

        var result = project.Train();

        Assert.IsTrue(result.Succeeded);
        var html = File.ReadAllText(project.Artifacts().ReportHtml);
        StringAssert.Contains(html, "Residuals (test part)");
        var dots = html.Split("<circle").Length - 1;
        Assert.AreEqual(result.Metrics!.TestRows, dots, "a small test part: every row is a point");
        Assert.IsLessThanOrEqualTo(Engine.Reports.ReportCurves.MaxResidualPoints, dots);
    }

    [TestMethod]
    public void AFailingModelStillGetsItsReport()
    {
        using var project = ModelProject.Binary(gates: "{ \"metric\": \"auc\", \"min\": 0.999 }", flipFraction: 0.2);

        var result = project.Train();

        Assert.IsFalse(result.Succeeded);
        StringAssert.Contains(File.ReadAllText(project.Artifacts().ReportMarkdown), "❌ **FAILED**");
    }

    [TestMethod]
    public void TheBaselineDiffAppearsOnceThereIsABaseline()
    {
        using var project = ModelProject.Create(
            "{ \"task\": \"binary-classification\", \"data\": \"data.csv\", \"label\": \"Churned\", \"trainer\": \"fast-tree\", " +
            "\"gates\": [{ \"metric\": \"auc\", \"maxDrop\": 0.01 }], \"baseline\": { \"metrics\": \"baseline/Churn.metrics.json\", \"optional\": true } }",
            SampleData.Binary(flipFraction: 0.1));
        TrainResult Train() => TrainingRun.Execute(new TrainRequest(project.SpecPath, project.OutputDirectory, CacheDirectory: project.Folder.Combine("cache")), new DiagnosticList());
        var report = project.Artifacts().ReportMarkdown;

        var first = Train();
        Assert.IsTrue(first.Succeeded);
        Assert.DoesNotContain("Compared with the baseline", File.ReadAllText(report));

        var better = first.Metrics!.Metrics["auc"]!.Value + 0.05;
        project.Folder.Write("baseline/Churn.metrics.json",
            $"{{ \"metrics\": {{ \"auc\": {better.ToString("R", CultureInfo.InvariantCulture)}, \"accuracy\": 0.5 }} }}");
        Assert.IsFalse(Train().Succeeded);

        var markdown = File.ReadAllText(report);
        StringAssert.Contains(markdown, "### Compared with the baseline (Churn.metrics.json)");
        StringAssert.Contains(markdown, $"| auc | {better:0.0000} | {better - 0.05:0.0000} | -0.0500 |");
        StringAssert.Contains(markdown, $"| auc | {better - 0.05:0.0000} | change within 0.01 | {better:0.0000} | -0.0500 | ❌ **FAILED** |");
    }

    /// <summary>
    /// Headless Chromium (Debian's <c>chromium</c>, which .ci/run installs) opens the report: it must render to a
    /// screenshot and log no console message. With <c>--enable-logging=stderr</c>, page console output and uncaught
    /// errors appear on stderr as <c>CONSOLE(line)] "..."</c> (or <c>INFO:CONSOLE:line]</c>) lines, and a blocked inline script or fetch as a
    /// Content-Security-Policy message there too.
    /// </summary>
    [TestMethod]
    public void TheHtmlReportRendersInHeadlessChromiumWithoutConsoleErrors()
    {
        var chromium = Chromium.Find() ?? Chromium.NotInstalled();
        using var project = BinaryWithSlices();
        Assert.IsTrue(project.Train().Succeeded);
        var screenshot = project.Folder.Combine("report.png");

        var stderr = Chromium.Screenshot(chromium, project.Artifacts().ReportHtml, screenshot);

        Assert.IsTrue(File.Exists(screenshot), "no screenshot; chromium said:\n" + stderr);
        Assert.IsGreaterThan(10_000, new FileInfo(screenshot).Length, "a blank page compresses to a few KB");
        Assert.IsEmpty(Chromium.ConsoleErrors(stderr), string.Join("\n", Chromium.ConsoleErrors(stderr)));
    }

    /// <summary>The console check above would be worthless if Chromium's logging never showed a page error: a page with one must be caught.</summary>
    [TestMethod]
    public void TheConsoleCheckCatchesAPageError()
    {
        var chromium = Chromium.Find() ?? Chromium.NotInstalled();
        using var folder = new TempFolder();
        var page = folder.Write("broken.html", "<!DOCTYPE html><html><body><p>x</p><script>console.error('report-check'); undefinedFunction();</script></body></html>");

        var stderr = Chromium.Screenshot(chromium, page, folder.Combine("broken.png"));

        var errors = Chromium.ConsoleErrors(stderr);
        Assert.IsTrue(errors.Any(l => l.Contains("report-check", StringComparison.Ordinal)), "console.error; chromium's stderr:\n" + stderr);
        Assert.IsTrue(errors.Any(l => l.Contains("Uncaught ReferenceError", StringComparison.Ordinal)), "uncaught error; chromium's stderr:\n" + stderr);
    }

    private static class Chromium
    {
        public static string? Find() =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, "chromium")).FirstOrDefault(File.Exists);

        public static string NotInstalled()
        {
            Assert.Inconclusive("Skipped: no 'chromium' on PATH. Install Debian's chromium (.ci/run does so when run as root) to render the HTML report.");
            return "";
        }

        /// <summary>Renders <paramref name="page"/> to <paramref name="png"/> and returns Chromium's stderr (its log).</summary>
        public static string Screenshot(string chromium, string page, string png)
        {
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
                // Its own profile folder: a shared or missing home folder makes Chromium complain or wait.
                Environment = { ["HOME"] = Path.GetDirectoryName(png)! },
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                $"--user-data-dir={Path.Combine(Path.GetDirectoryName(png)!, "chromium-profile")}",
                "--enable-logging=stderr", "--v=0", $"--screenshot={png}", "--window-size=1200,2000",
                new Uri(page).AbsoluteUri,
            })
                start.ArgumentList.Add(argument);

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish in 90 s");
            }

            return stderr.Result;
        }

        /// <summary>
        /// The log lines that are the page's console output or an uncaught error. Older Chromium writes
        /// <c>CONSOLE(12)]</c>, Debian 12's 156 writes <c>INFO:CONSOLE:12]</c>: both are matched.
        /// </summary>
        public static List<string> ConsoleErrors(string stderr) =>
            stderr.Split('\n').Where(l => l.Contains("CONSOLE(", StringComparison.Ordinal) || l.Contains(":CONSOLE:", StringComparison.Ordinal)
                || l.Contains("Uncaught", StringComparison.Ordinal)).ToList();
    }
}
