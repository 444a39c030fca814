namespace MlBuildTasks.Tasks.Tests;

[TestClass]
public sealed class CommandLineTests
{
    [TestMethod]
    public void TrainModelPassesEveryOptionAndQuotesPathsWithSpaces()
    {
        var task = new TestableTrainModel
        {
            BuildEngine = new FakeBuildEngine(),
            ToolAssembly = "/tools/mlbuild.dll",
            SpecFile = "/my models/Churn.mlmodel.json",
            OutputDirectory = "/obj/ml/Churn/",
            ModelName = "Churn",
            Force = true,
            MaxErrorsPerCheck = 5,
        };

        Assert.AreEqual(
            "exec /tools/mlbuild.dll train --spec \"/my models/Churn.mlmodel.json\" --output-dir /obj/ml/Churn --name Churn --max-listed 5 --force --message-format json",
            task.CommandLine);
    }

    [TestMethod]
    public void AcceptRegressionIsPassedAsASwitch()
    {
        var task = new TestableTrainModel
        {
            BuildEngine = new FakeBuildEngine(),
            ToolAssembly = "/tools/mlbuild.dll",
            SpecFile = "/p/Churn.mlmodel.json",
            OutputDirectory = "/p/obj/ml/Churn/",
            AcceptRegression = true,
        };

        Assert.AreEqual(
            "exec /tools/mlbuild.dll train --spec /p/Churn.mlmodel.json --output-dir /p/obj/ml/Churn --max-listed 10 --accept-regression --message-format json",
            task.CommandLine);
    }

    [TestMethod]
    public void TheVersionBeingBuiltIsPassedForThePackageBaseline()
    {
        var task = new TestableTrainModel
        {
            BuildEngine = new FakeBuildEngine(),
            ToolAssembly = "/tools/mlbuild.dll",
            SpecFile = "/p/Churn.mlmodel.json",
            OutputDirectory = "/p/obj/ml/Churn/",
            AcceptRegression = true,
            PackageVersion = "1.1.0-rc.1",
        };

        Assert.AreEqual(
            "exec /tools/mlbuild.dll train --spec /p/Churn.mlmodel.json --output-dir /p/obj/ml/Churn --max-listed 10 --accept-regression --package-version 1.1.0-rc.1 --message-format json",
            task.CommandLine);
    }

    [TestMethod]
    public void PackModelLeavesOutUnsetOptions()
    {
        var task = new TestablePackModel
        {
            BuildEngine = new FakeBuildEngine(),
            ToolAssembly = "/tools/mlbuild.dll",
            SpecFile = "/p/Churn.mlmodel.json",
            ArtifactDirectory = "/p/obj/ml/Churn",
            PackageId = "Contoso.Churn",
            PackageVersion = "1.2.3-beta.1",
            OutputDirectory = "/p/bin",
            Format = "zip",
        };

        Assert.AreEqual(
            "exec /tools/mlbuild.dll pack --spec /p/Churn.mlmodel.json --artifacts-dir /p/obj/ml/Churn --id Contoso.Churn --version 1.2.3-beta.1 --output /p/bin --format zip --message-format json",
            task.CommandLine);
    }

    [TestMethod]
    public void PackModelPassesTheReleaseFeedTagsAndTheBreakingChangeOverride()
    {
        var task = new TestablePackModel
        {
            BuildEngine = new FakeBuildEngine(),
            ToolAssembly = "/tools/mlbuild.dll",
            SpecFile = "/p/Churn.mlmodel.json",
            ArtifactDirectory = "/p/obj/ml/Churn",
            PackageId = "Contoso.Churn",
            PackageVersion = "2.0.0",
            OutputDirectory = "/p/bin",
            Tags = "churn;customers",
            ReleaseFeed = "https://example.com/v3/index.json",
            AcceptBreakingChange = true,
        };

        Assert.AreEqual(
            "exec /tools/mlbuild.dll pack --spec /p/Churn.mlmodel.json --artifacts-dir /p/obj/ml/Churn --id Contoso.Churn --version 2.0.0 --output /p/bin " +
            "--tags \"churn;customers\" --release-feed https://example.com/v3/index.json --accept-breaking-change --message-format json",
            task.CommandLine);
    }

    [TestMethod]
    public void DotnetHostPathIsTheToolWhenSet()
    {
        var task = new TestableTrainModel { BuildEngine = new FakeBuildEngine() };
        var host = typeof(object).Assembly.Location; // any existing file stands in for dotnet
        var previous = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        try
        {
            Environment.SetEnvironmentVariable("DOTNET_HOST_PATH", host);
            Assert.AreEqual(host, task.ToolPathForTest);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOTNET_HOST_PATH", previous);
        }
    }

    [TestMethod]
    public void MlIncludeFeedbackPassesThePredictionLogsAndTheFeedbackFile()
    {
        var task = new TestableTrainModel
        {
            BuildEngine = new FakeBuildEngine(),
            ToolAssembly = "/tools/mlbuild.dll",
            SpecFile = "/p/Churn.mlmodel.json",
            OutputDirectory = "/p/obj/ml/Churn/",
            FeedbackLogs = "/var/log/churn",
            FeedbackFile = "/data/labels.jsonl",
        };

        Assert.AreEqual(
            "exec /tools/mlbuild.dll train --spec /p/Churn.mlmodel.json --include-feedback /var/log/churn --feedback /data/labels.jsonl --output-dir /p/obj/ml/Churn --max-listed 10 --message-format json",
            task.CommandLine);
    }

    [TestMethod]
    public void CheckDriftRunsMonitorWithTheReleaseToCompareWith()
    {
        var task = new TestableCheckDrift
        {
            BuildEngine = new FakeBuildEngine(),
            ToolAssembly = "/tools/mlbuild.dll",
            Reference = "release",
            Logs = "/var/log/churn",
            OutputDirectory = "/p/obj/ml/Churn/",
            SpecFile = "/p/Churn.mlmodel.json",
            ModelName = "Churn",
            PackageId = "Contoso.Churn",
            PackageOutput = "/p/artifacts/models/",
            ProjectDirectory = "/p",
        };

        Assert.AreEqual(
            "exec /tools/mlbuild.dll monitor --reference release --logs /var/log/churn --output-dir /p/obj/ml/Churn --spec /p/Churn.mlmodel.json --name Churn " +
            "--package-id Contoso.Churn --package-output /p/artifacts/models --project-dir /p --message-format json",
            task.CommandLine);
    }

    private sealed class TestableCheckDrift : CheckDrift
    {
        public string CommandLine => GenerateCommandLineCommands();
    }

    private sealed class TestableTrainModel : TrainModel
    {
        public string CommandLine => GenerateCommandLineCommands();
        public string ToolPathForTest => GenerateFullPathToTool();
    }

    private sealed class TestablePackModel : PackModel
    {
        public string CommandLine => GenerateCommandLineCommands();
    }
}
