using MlBuildTasks.IntegrationTests.Infrastructure;

namespace MlBuildTasks.IntegrationTests;

/// <summary>`dotnet build` writes the model's reports, names them in its output, and `dotnet clean` removes them (FileWrites).</summary>
[TestClass]
public sealed class ReportBuildTests : IntegrationTest
{
    [TestMethod]
    public async Task BuildWritesAndNamesTheReportsAndCleanRemovesThem()
    {
        var sample = await NewSampleAsync();

        var build = await sample.RunAsync("build");

        AssertSucceeded(build);
        var markdown = Path.Combine(sample.ArtifactDirectory(), "ChurnModel.report.md");
        var html = Path.Combine(sample.ArtifactDirectory(), "ChurnModel.report.html");
        var line = build.Output.Split('\n').Single(l => l.Contains("ChurnModel: reports:", StringComparison.Ordinal));
        StringAssert.Contains(line, markdown);
        StringAssert.Contains(line, html);
        StringAssert.StartsWith(File.ReadAllText(markdown), "<!-- mlbuildtasks-report:ChurnModel -->");
        Assert.IsTrue(File.Exists(html));

        AssertSucceeded(await sample.RunAsync("clean"));

        Assert.IsFalse(File.Exists(markdown));
        Assert.IsFalse(File.Exists(html));
    }
}
