namespace MlBuildTasks.IntegrationTests.Infrastructure;

/// <summary>Base of the end-to-end tests: a fresh sample copy per test, kept on failure for its binlogs.</summary>
public abstract class IntegrationTest
{
    private SampleProject? _sample;

    public TestContext TestContext { get; set; } = null!;

    protected async Task<SampleProject> NewSampleAsync(string sample = "ChurnPrediction")
    {
        _sample = await SampleProject.CreateAsync(TestContext.TestName!, sample);
        return _sample;
    }

    [TestCleanup]
    public void CleanUp()
    {
        if (_sample is null) return;
        if (TestContext.CurrentTestOutcome == UnitTestOutcome.Passed) _sample.Delete();
        else TestContext.WriteLine($"Kept for inspection (binlogs inside): {_sample.Root}");
    }

    protected static void AssertSucceeded(DotnetResult result) =>
        Assert.AreEqual(0, result.ExitCode, result.ToString());

    protected static BuildDiagnostic AssertFailedWith(DotnetResult result, string code)
    {
        Assert.AreNotEqual(0, result.ExitCode, result.ToString());
        var error = result.Errors.FirstOrDefault(e => e.Code == code);
        Assert.IsNotNull(error, $"Expected error {code}; found {string.Join(", ", result.Errors.Select(e => e.Code))}.\n{result}");
        return error;
    }
}
