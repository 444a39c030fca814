namespace MlBuildTasks.Tasks.Tests;

/// <summary>The real task starting the real engine process: what MSBuild would log.</summary>
[TestClass]
public sealed class TaskExecutionTests
{
    private string _directory = "";

    [TestInitialize]
    public void CreateDirectory() => Directory.CreateDirectory(_directory = Path.Combine(Path.GetTempPath(), "mlb-tasks-" + Guid.NewGuid().ToString("N")));

    [TestCleanup]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    private TrainModel NewTrainTask(FakeBuildEngine engine, string spec) => new()
    {
        BuildEngine = engine,
        ToolAssembly = EngineLocationAttribute.EnginePath,
        SpecFile = spec,
        OutputDirectory = Path.Combine(_directory, "out"),
        // Its own training cache: a warm cache from another test or run must not decide what these tests see.
        CacheDirectory = Path.Combine(_directory, "cache"),
    };

    [TestMethod]
    public void SpecErrorIsLoggedAtItsLineAndColumn()
    {
        var spec = Path.Combine(_directory, "Bad.mlmodel.json");
        File.WriteAllText(spec, "{\n  \"task\": \"binary-classification\",\n  \"data\": \"d.csv\",\n  \"label\": \"y\",\n  \"trainer\": \"fast-tre\"\n}\n");
        var engine = new FakeBuildEngine();

        var succeeded = NewTrainTask(engine, spec).Execute();

        Assert.IsFalse(succeeded);
        var error = engine.Errors.First();
        Assert.AreEqual("MLB1009", error.Code);
        Assert.AreEqual(spec, error.File);
        Assert.AreEqual(5, error.LineNumber);
        Assert.AreEqual(3, error.ColumnNumber);
        StringAssert.Contains(error.Message, "Did you mean 'fast-tree'?");
    }

    [TestMethod]
    public void BadCellIsLoggedAtItsDataFileLine()
    {
        var rows = Enumerable.Range(0, 40).Select(i => $"{i},{(i % 2 == 0 ? "yes" : "no")}").ToList();
        rows[6] = "seven,no"; // data line 8 (header is line 1)
        File.WriteAllText(Path.Combine(_directory, "d.csv"), "x,y\n" + string.Join("\n", rows) + "\n");
        var spec = Path.Combine(_directory, "M.mlmodel.json");
        File.WriteAllText(spec, """{ "task": "binary-classification", "data": "d.csv", "label": "y", "columns": { "x": { "type": "number" } } }""");
        var engine = new FakeBuildEngine();

        Assert.IsFalse(NewTrainTask(engine, spec).Execute());

        var error = engine.Errors.Single();
        Assert.AreEqual("MLB2005", error.Code);
        Assert.AreEqual(Path.Combine(_directory, "d.csv"), error.File);
        Assert.AreEqual(8, error.LineNumber);
        Assert.AreEqual(1, error.ColumnNumber);
    }

    [TestMethod]
    public void GoodSpecTrainsAndSucceeds()
    {
        var random = new Random(1);
        var rows = Enumerable.Range(0, 200).Select(i => { var x = random.NextDouble(); return $"{x:0.000000},{(x > 0.5 ? "yes" : "no")}"; });
        File.WriteAllText(Path.Combine(_directory, "d.csv"), "x,y\n" + string.Join("\n", rows) + "\n");
        var spec = Path.Combine(_directory, "M.mlmodel.json");
        File.WriteAllText(spec, """{ "task": "binary-classification", "data": "d.csv", "label": "y", "gates": [ { "metric": "accuracy", "min": 0.8 } ] }""");
        var engine = new FakeBuildEngine();

        Assert.IsTrue(NewTrainTask(engine, spec).Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        Assert.IsTrue(File.Exists(Path.Combine(_directory, "out", "M.zip")));
        Assert.IsTrue(engine.Messages.Any(m => m.Message!.Contains("test metrics")));
        Assert.IsTrue(Directory.EnumerateFiles(Path.Combine(_directory, "cache"), "model.zip", SearchOption.AllDirectories).Any(), "the model went to the task's CacheDirectory");
    }

    [TestMethod]
    public void WithTheCacheOffNothingIsCachedOrRead()
    {
        File.WriteAllText(Path.Combine(_directory, "d.csv"), "x,y\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i},{(i % 3 == 0 ? "yes" : "no")}")) + "\n");
        var spec = Path.Combine(_directory, "M.mlmodel.json");
        File.WriteAllText(spec, """{ "task": "binary-classification", "data": "d.csv", "label": "y", "trainer": "lbfgs-logistic" }""");
        var engine = new FakeBuildEngine();
        var task = NewTrainTask(engine, spec);
        task.UseCache = false;

        Assert.IsTrue(task.Execute(), string.Join("\n", engine.Errors.Select(e => e.Message)));

        Assert.IsFalse(Directory.Exists(Path.Combine(_directory, "cache")));
        Assert.IsTrue(engine.Messages.Any(m => m.Message!.Contains("training lbfgs-logistic", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void MissingEngineIsMLB0003()
    {
        var engine = new FakeBuildEngine();
        var task = NewTrainTask(engine, Path.Combine(_directory, "x.mlmodel.json"));
        task.ToolAssembly = Path.Combine(_directory, "nope", "mlbuild.dll");

        Assert.IsFalse(task.Execute());
        Assert.AreEqual("MLB0003", engine.Errors.Single().Code);
    }

    [TestMethod]
    public void EngineThatFailsWithoutReportingIsMLB0001()
    {
        var notAnApp = Path.Combine(_directory, "broken.dll");
        File.WriteAllText(notAnApp, "not an assembly");
        var engine = new FakeBuildEngine();
        var task = NewTrainTask(engine, Path.Combine(_directory, "x.mlmodel.json"));
        task.ToolAssembly = notAnApp;

        Assert.IsFalse(task.Execute());
        Assert.AreEqual("MLB0001", engine.Errors.Single().Code);
    }
}
