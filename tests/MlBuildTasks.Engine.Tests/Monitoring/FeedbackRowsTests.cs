using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Monitoring.Retraining;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Tests.Support;
using static MlBuildTasks.Engine.Tests.Support.PredictionLogFiles;

namespace MlBuildTasks.Engine.Tests.Monitoring;

/// <summary>MlIncludeFeedback: logged predictions with feedback join the training data as one more, validated, source.</summary>
[TestClass]
public sealed class FeedbackRowsTests
{
    private static ModelProject Project() => ModelProject.Create(
        "{\n  \"task\": \"binary-classification\",\n  \"data\": \"data.csv\",\n  \"label\": \"Churned\",\n  \"trainer\": \"fast-tree\",\n" +
        "  \"columns\": { \"Usage\": { \"type\": \"number\", \"min\": 0, \"max\": 200 } },\n  \"gates\": [ { \"metric\": \"auc\", \"min\": 0.7 } ]\n}\n",
        SampleData.Binary());

    [TestMethod]
    public void PredictionsWithFeedbackJoinTheTrainingDataAsASource()
    {
        using var project = Project();
        var rows = Rows(200, seed: 11);
        var logs = WriteLogs(project.Folder, rows);
        WriteFeedback(project.Folder, rows.Take(120));
        var diagnostics = new DiagnosticList();

        var result = TrainingRun.Execute(new TrainRequest(project.SpecPath, project.OutputDirectory, FeedbackLogs: logs), diagnostics);

        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));
        Assert.AreEqual(300 + 120, result.Metrics!.TrainRows + result.Metrics.TestRows);
        var file = FeedbackRows.PathOf(project.OutputDirectory, "Churn");
        var lines = File.ReadAllLines(file);
        Assert.HasCount(120, lines);
        using (var first = JsonDocument.Parse(lines[0]))
        {
            var expected = rows[0];
            Assert.AreEqual(expected.Usage, first.RootElement.GetProperty("Usage").GetDouble());
            Assert.AreEqual(expected.Plan, first.RootElement.GetProperty("Plan").GetString());
            Assert.AreEqual(expected.Churned ? "yes" : "no", first.RootElement.GetProperty("Churned").GetString());
        }

        Assert.IsTrue(diagnostics.Messages.Any(m => m.Contains("120 labelled production rows", StringComparison.Ordinal)), string.Join("\n", diagnostics.Messages));
        // A committed lock file shows the new data in a diff.
        StringAssert.Contains(File.ReadAllText(Path.Combine(project.Folder.Path, "Churn.mlmodel.lock.json")), "Churn.feedback-rows.jsonl");
    }

    [TestMethod]
    public void FeedbackRowsAreValidatedLikeAnySource()
    {
        using var project = Project();
        var rows = Rows(50, seed: 11).Select((r, i) => i == 3 ? r with { Usage = 999 } : r).ToList();
        var logs = WriteLogs(project.Folder, rows);
        WriteFeedback(project.Folder, rows);
        var diagnostics = new DiagnosticList();

        var result = TrainingRun.Execute(new TrainRequest(project.SpecPath, project.OutputDirectory, FeedbackLogs: logs), diagnostics);

        Assert.IsFalse(result.Succeeded);
        var error = diagnostics.Items.First(d => d.Severity == Severity.Error && d.Message.Contains("'Usage'", StringComparison.Ordinal));
        StringAssert.EndsWith(error.File, "Churn.feedback-rows.jsonl");
        Assert.AreEqual(4, error.Line);
    }

    [TestMethod]
    public void NoFeedbackFileIsAnErrorNamingIt()
    {
        using var project = Project();
        var logs = WriteLogs(project.Folder, Rows(20, seed: 11));

        var error = DiagnosticAssert.Throws(() => TrainingRun.Execute(new TrainRequest(project.SpecPath, project.OutputDirectory, FeedbackLogs: logs), new DiagnosticList()),
            DiagnosticCodes.MonitorFeedbackUnreadable);

        StringAssert.Contains(error.Message, "Churn.feedback.jsonl");
    }
}
