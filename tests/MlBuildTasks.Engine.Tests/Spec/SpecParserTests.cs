using System.Text;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Training;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Spec;

[TestClass]
public sealed class SpecParserTests
{
    private static readonly string SpecPath = SpecText.DefaultPath;

    private static Diagnostic ParseFails(string json, DiagnosticList diagnostics, string expectedCode = DiagnosticCodes.SpecInvalidValue) =>
        DiagnosticAssert.Throws(() => SpecText.Parse(json, diagnostics), expectedCode);

    private static SourceLocation At((int Line, int Column) at) => new(SpecPath, at.Line, at.Column);

    private static void AssertAt(Diagnostic diagnostic, string code, (int Line, int Column) at) =>
        DiagnosticAssert.IsError(diagnostic, code, SpecPath, at.Line, at.Column);

    [TestMethod]
    public void MinimalSpecParsesWithDefaults()
    {
        var diagnostics = new DiagnosticList();
        var path = Path.Combine(Path.GetTempPath(), "specs", "Churn.mlmodel.json");
        var spec = SpecText.Parse("""
            {
              "task": "binary-classification",
              "data": "data/churn.csv",
              "label": "Churned"
            }
            """, diagnostics, path);

        Assert.IsEmpty(diagnostics.Items);
        Assert.AreEqual(path, spec.SpecPath);
        Assert.AreEqual("Churn", spec.Name);
        Assert.AreEqual(ModelTask.BinaryClassification, spec.Task);
        Assert.HasCount(1, spec.Data);
        Assert.AreEqual(new SourceSpec(SourceFormat.Csv, Path.Combine(Path.GetTempPath(), "specs", "data", "churn.csv"), new SourceLocation(path, 3, 3)), spec.Data[0]);
        Assert.IsNull(spec.TestData);
        Assert.AreEqual("Churned", spec.Label);
        Assert.IsNull(spec.PositiveClass);
        Assert.IsEmpty(spec.Columns);
        Assert.IsEmpty(spec.Gates);
        Assert.IsNull(spec.Trainer, "no trainer named: a search chooses");
        Assert.IsNotNull(spec.Training);
        CollectionAssert.AreEqual(new[] { "fast-tree", "fast-forest", "sdca-logistic", "lbfgs-logistic" }, spec.Training.Trainers.ToArray());
        Assert.AreEqual((SearchStrategy.Halving, TrainingSpec.DefaultTrials, TrainingSpec.DefaultFolds, "auc", (string?)null, 0),
            (spec.Training.Search, spec.Training.Trials, spec.Training.Folds, spec.Training.Metric, spec.Training.GroupBy, spec.Training.Parallelism));
        Assert.AreEqual(42, spec.Seed);
        Assert.AreEqual(0.2, spec.TestFraction);
        Assert.AreEqual(new DatasetChecks(
            MaxLeakage: new Rule<double>(0.1, 1, CheckSeverity.Warning, new SourceLocation(path, 1, 1)),
            MaxSkew: new Rule<double>(0.1, 1, CheckSeverity.Warning, new SourceLocation(path, 1, 1))), spec.Checks);
    }

    [TestMethod]
    [DataRow("binary-classification", "auc")]
    [DataRow("multiclass-classification", "macro-accuracy")]
    [DataRow("regression", "r-squared")]
    public void WithoutATrainerEveryTrainerOfTheTaskButGamAndLightGbmIsSearchedForItsDefaultMetric(string task, string metric)
    {
        var spec = SpecText.Parse(SpecText.Minimal(task));
        ModelTaskNames.TryParse(task, out var parsed);
        Assert.IsNull(spec.Trainer);
        CollectionAssert.AreEqual(TrainerCatalog.NamesFor(parsed).Where(n => n is not ("gam" or "lightgbm")).ToList(), spec.Training!.Trainers.ToList());
        Assert.AreEqual(metric, spec.Training.Metric);
    }

    [TestMethod]
    [DataRow("Churn.mlmodel.json", "Churn")]
    [DataRow("churn.MLMODEL.JSON", "churn")]
    [DataRow("Sales.Forecast.mlmodel.json", "Sales.Forecast")]
    [DataRow("model.json", "model")]
    public void ModelNameComesFromTheFileName(string file, string name)
    {
        Assert.AreEqual(name, SpecParser.DefaultName(Path.Combine(Path.GetTempPath(), file)));
        Assert.AreEqual(name, SpecText.Parse(SpecText.Minimal("regression"), path: Path.Combine(Path.GetTempPath(), file)).Name);
    }

    [TestMethod]
    public void ModelNameArgumentOverridesTheFileName() =>
        Assert.AreEqual("Retention", SpecText.Parse(SpecText.Minimal("regression"), modelName: "Retention").Name);

    [TestMethod]
    public void ModelNameThatCannotBeAFileNameIsMLB1005AtTheRoot()
    {
        var diagnostics = new DiagnosticList();
        DiagnosticAssert.Throws(() => SpecText.Parse(SpecText.Minimal("regression"), diagnostics, modelName: "a/b"), DiagnosticCodes.SpecInvalidValue);
        AssertAt(DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecInvalidValue), DiagnosticCodes.SpecInvalidValue, (1, 1));
    }

    [TestMethod]
    public void EveryFieldIsRead()
    {
        const string json = """
            {
              "$schema": "obj/mlmodel.schema.json",
              "task": "binary-classification",
              "data": "train.csv",
              "testData": "test/test.csv",
              "label": "Churned",
              "positiveClass": "churned",
              "trainer": "lbfgs-logistic",
              "seed": 7,
              "testFraction": 0.25,
              "columns": {
                "Tenure": { "type": "number", "required": true, "min": 0, "max": 120 },
                "Plan": { "type": "category", "allowed": ["a", "b", 3, true] },
                "Id": { "ignore": true }
              },
              "gates": [
                { "metric": "auc", "min": 0.8 },
                { "metric": "log-loss", "max": 0.5 }
              ]
            }
            """;
        var diagnostics = new DiagnosticList();
        var spec = SpecText.Parse(json, diagnostics);

        Assert.IsEmpty(diagnostics.Items);
        var directory = Path.GetDirectoryName(SpecPath)!;
        Assert.AreEqual(Path.Combine(directory, "train.csv"), spec.Data.Single().Path);
        Assert.AreEqual(Path.Combine(directory, "test", "test.csv"), spec.TestData!.Single().Path);
        Assert.AreEqual("churned", spec.PositiveClass);
        Assert.AreEqual("lbfgs-logistic", spec.Trainer);
        Assert.AreEqual(7, spec.Seed);
        Assert.AreEqual(0.25, spec.TestFraction);

        Assert.AreEqual("Tenure, Plan, Id", string.Join(", ", spec.Columns.Select(c => c.Name)));
        var tenure = spec.FindColumn("Tenure")!;
        Assert.AreEqual(ColumnType.Number, tenure.Type);
        Assert.AreEqual(new Rule<bool>(true, 1, CheckSeverity.Error, At(TextPosition.Of(json, 12, "\"required\""))), tenure.Required);
        Assert.AreEqual(0.0, tenure.Min!.Value);
        Assert.AreEqual(120.0, tenure.Max!.Value);
        Assert.AreEqual(At(TextPosition.Of(json, 12, "\"min\"")), tenure.Min.Location);
        Assert.IsNull(tenure.Allowed);
        Assert.IsFalse(tenure.Ignore);
        Assert.AreEqual(new SourceLocation(SpecPath, 12, 5), tenure.Location);

        var plan = spec.FindColumn("Plan")!;
        Assert.AreEqual(ColumnType.Category, plan.Type);
        Assert.IsNull(plan.Required);
        CollectionAssert.AreEqual(new[] { "a", "b", "3", "true" }, plan.Allowed!.Value.ToArray());
        Assert.AreEqual((1.0, CheckSeverity.Error), (plan.Allowed.Mostly, plan.Allowed.Severity));

        var id = spec.FindColumn("Id")!;
        Assert.IsNull(id.Type);
        Assert.IsTrue(id.Ignore);

        Assert.HasCount(2, spec.Gates);
        Assert.AreEqual(new GateSpec("auc", 0.8, null, new SourceLocation(SpecPath, 17, 5)), spec.Gates[0]);
        Assert.AreEqual(new GateSpec("log-loss", null, 0.5, new SourceLocation(SpecPath, 18, 5)), spec.Gates[1]);
    }

    [TestMethod]
    public void CommentsAndTrailingCommasAreAllowed()
    {
        var spec = SpecText.Parse("""
            {
              // the model
              "task": "regression", /* what to predict */
              "data": "d.csv",
              "label": "Price",
            }
            """);
        Assert.AreEqual(ModelTask.Regression, spec.Task);
        Assert.AreEqual("Price", spec.Label);
        Assert.AreEqual(new SourceLocation(SpecPath, 5, 3), spec.Locations.At("/label"));
    }

    [TestMethod]
    public void MissingCommaIsMLB1002AtTheNextToken()
    {
        const string json = "{\n  \"task\": \"regression\",\n  \"data\": \"d.csv\"\n  \"label\": \"y\"\n}\n";
        var diagnostics = new DiagnosticList();
        var error = ParseFails(json, diagnostics, DiagnosticCodes.SpecInvalidJson);

        AssertAt(error, DiagnosticCodes.SpecInvalidJson, (4, 3));
        StringAssert.StartsWith(error.Message, "The model spec is not valid JSON: ");
        Assert.DoesNotContain("LineNumber", error.Message);
    }

    [TestMethod]
    public void UnclosedObjectIsMLB1002OnTheLastLine()
    {
        const string json = "{\n  \"task\": \"regression\",\n  \"data\": \"d.csv\"\n";
        var error = ParseFails(json, new DiagnosticList(), DiagnosticCodes.SpecInvalidJson);
        Assert.AreEqual(DiagnosticCodes.SpecInvalidJson, error.Code);
        Assert.AreEqual(SpecPath, error.File);
        Assert.AreEqual(4, error.Line);
    }

    [TestMethod]
    public void EmptySpecIsMLB1002() =>
        AssertAt(ParseFails("", new DiagnosticList(), DiagnosticCodes.SpecInvalidJson), DiagnosticCodes.SpecInvalidJson, (1, 1));

    [TestMethod]
    public void InvalidJsonColumnCountsCharactersNotBytes()
    {
        const string json = "{ \"task\": \"regression\", \"data\": \"dätä.csv\" \"label\": \"y\" }";
        var error = ParseFails(json, new DiagnosticList(), DiagnosticCodes.SpecInvalidJson);
        AssertAt(error, DiagnosticCodes.SpecInvalidJson, TextPosition.Of(json, 1, "\"label\""));
    }

    [TestMethod]
    public void RootThatIsNotAnObjectIsMLB1005()
    {
        var diagnostics = new DiagnosticList();
        ParseFails("[1, 2]", diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecInvalidValue);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecInvalidValue, (1, 1));
        Assert.Contains("found an array", diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void MisspelledRootFieldIsMLB1003AtItsLineWithASuggestion()
    {
        var json = SpecText.Minimal("binary-classification", more: "\"trainr\": \"fast-forest\"");
        var diagnostics = new DiagnosticList();
        ParseFails(json, diagnostics);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecUnknownField);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecUnknownField, (5, 3));
        Assert.Contains("Unknown field 'trainr' in the model spec.", diagnostics.Items[0].Message);
        Assert.Contains("Did you mean 'trainer'?", diagnostics.Items[0].Message);
        Assert.DoesNotContain("$schema", diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void UnrelatedUnknownFieldGetsNoSuggestion()
    {
        var diagnostics = new DiagnosticList();
        ParseFails(SpecText.Minimal("regression", more: "\"owner\": \"team-x\""), diagnostics);
        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecUnknownField);
        Assert.DoesNotContain("Did you mean", error.Message);
    }

    [TestMethod]
    public void UnknownColumnFieldIsMLB1003AtThatField()
    {
        var json = SpecText.Minimal("regression", more: "\"columns\": {\n    \"Tenure\": { \"typ\": \"number\" }\n  }");
        var diagnostics = new DiagnosticList();
        ParseFails(json, diagnostics);

        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecUnknownField);
        AssertAt(error, DiagnosticCodes.SpecUnknownField, TextPosition.Of(json, 6, "\"typ\""));
        Assert.Contains("in column 'Tenure'", error.Message);
        Assert.Contains("Did you mean 'type'?", error.Message);
    }

    [TestMethod]
    public void UnknownGateFieldIsMLB1003AtThatField()
    {
        var json = SpecText.Minimal("regression", more: "\"gates\": [\n    { \"metric\": \"rmse\", \"max\": 3, \"mx\": 4 }\n  ]");
        var diagnostics = new DiagnosticList();
        ParseFails(json, diagnostics);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecUnknownField);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecUnknownField, TextPosition.Of(json, 6, "\"mx\""));
        Assert.Contains("in a gate", diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void MissingTaskDataAndLabelAreThreeMLB1004AtTheRoot()
    {
        var diagnostics = new DiagnosticList();
        var error = ParseFails("{\n}\n", diagnostics);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecMissingField, DiagnosticCodes.SpecMissingField, DiagnosticCodes.SpecMissingField);
        foreach (var d in diagnostics.Items) AssertAt(d, DiagnosticCodes.SpecMissingField, (1, 1));
        Assert.Contains("'task'", diagnostics.Items[0].Message);
        Assert.Contains("'data'", diagnostics.Items[1].Message);
        Assert.Contains("'label'", diagnostics.Items[2].Message);
        Assert.Contains("3 error(s)", error.Message);
        Assert.AreEqual(SpecPath, error.File);
    }

    [TestMethod]
    public void MissingLabelAloneIsOneMLB1004()
    {
        var diagnostics = new DiagnosticList();
        ParseFails("{\n  \"task\": \"regression\",\n  \"data\": \"d.csv\"\n}", diagnostics);
        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecMissingField);
        Assert.HasCount(1, diagnostics.Items);
        Assert.Contains("Missing required field 'label'", error.Message);
    }

    [TestMethod]
    public void EmptyLabelIsMLB1005AtTheLabel()
    {
        var diagnostics = new DiagnosticList();
        ParseFails(SpecText.Minimal("regression", label: ""), diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecInvalidValue);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecInvalidValue, (4, 3));
    }

    [TestMethod]
    public void UnknownTaskIsMLB1006AtTheTaskWithASuggestion()
    {
        var diagnostics = new DiagnosticList();
        ParseFails(SpecText.Minimal("regresion"), diagnostics);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecUnknownTask);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecUnknownTask, (2, 3));
        Assert.Contains("binary-classification, multiclass-classification, regression", diagnostics.Items[0].Message);
        Assert.Contains("Did you mean 'regression'?", diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void UnknownTrainerIsMLB1009AtTheTrainerWithASuggestion()
    {
        var json = SpecText.Minimal("binary-classification", more: "\"trainer\": \"fast-tre\"");
        var diagnostics = new DiagnosticList();
        ParseFails(json, diagnostics);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecUnknownTrainer);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecUnknownTrainer, (5, 3));
        Assert.Contains("fast-tree, fast-forest, sdca-logistic, lbfgs-logistic", diagnostics.Items[0].Message);
        Assert.Contains("Did you mean 'fast-tree'?", diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void TrainerOfAnotherTaskIsMLB1009()
    {
        var diagnostics = new DiagnosticList();
        ParseFails(SpecText.Minimal("binary-classification", more: "\"trainer\": \"lbfgs-poisson\""), diagnostics);
        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecUnknownTrainer);
        Assert.Contains("Unknown trainer 'lbfgs-poisson' for task 'binary-classification'", error.Message);
    }

    [TestMethod]
    public void MetricOfAnotherTaskIsMLB1010AtTheGatesMetric()
    {
        var json = SpecText.Minimal("regression", more: "\"gates\": [\n    { \"metric\": \"r-squared\", \"min\": 0.5 },\n    { \"metric\": \"auc\", \"min\": 0.5 }\n  ]");
        var diagnostics = new DiagnosticList();
        ParseFails(json, diagnostics);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecUnknownMetric);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecUnknownMetric, TextPosition.Of(json, 7, "\"metric\""));
        Assert.Contains("Unknown metric 'auc' for task 'regression'. Expected one of: r-squared, rmse, mae, mse, model-size-bytes,", diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void MisspelledMetricGetsASuggestion()
    {
        var diagnostics = new DiagnosticList();
        ParseFails(SpecText.Minimal("binary-classification", more: "\"gates\": [ { \"metric\": \"acuracy\", \"min\": 0.5 } ]"), diagnostics);
        Assert.Contains("Did you mean 'accuracy'?", DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecUnknownMetric).Message);
    }

    [TestMethod]
    public void GateWithoutBoundsIsMLB1004AtTheGate()
    {
        var json = SpecText.Minimal("regression", more: "\"gates\": [\n    { \"metric\": \"rmse\" }\n  ]");
        var diagnostics = new DiagnosticList();
        ParseFails(json, diagnostics);

        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecMissingField);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecMissingField, (6, 5));
        Assert.Contains("has no bound; add at least one of 'min', 'max'", diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void GateWithoutMetricIsMLB1004AtTheGate()
    {
        var json = SpecText.Minimal("regression", more: "\"gates\": [\n    { \"min\": 0.5 }\n  ]");
        var diagnostics = new DiagnosticList();
        ParseFails(json, diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecMissingField);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecMissingField, (6, 5));
        Assert.Contains("'metric'", diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void GateWithMinAboveMaxIsMLB1005AtItsMax()
    {
        var json = SpecText.Minimal("binary-classification", more: "\"gates\": [\n    { \"metric\": \"auc\", \"min\": 0.9, \"max\": 0.8 }\n  ]");
        var diagnostics = new DiagnosticList();
        ParseFails(json, diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecInvalidValue);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecInvalidValue, TextPosition.Of(json, 6, "\"max\""));
    }

    [TestMethod]
    [DataRow("0")]
    [DataRow("1")]
    [DataRow("1.5")]
    [DataRow("-0.1")]
    [DataRow("\"0.2\"")]
    [DataRow("null")]
    public void TestFractionOutsideZeroToOneIsMLB1005(string value)
    {
        var diagnostics = new DiagnosticList();
        ParseFails(SpecText.Minimal("regression", more: "\"testFraction\": " + value), diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecInvalidValue);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecInvalidValue, (5, 3));
        Assert.Contains("'testFraction' must be a number between 0 and 1", diagnostics.Items[0].Message);
    }

    [TestMethod]
    [DataRow("-1")]
    [DataRow("1.5")]
    [DataRow("\"42\"")]
    [DataRow("true")]
    [DataRow("3000000000")]
    public void SeedThatIsNotANonNegativeIntIsMLB1005(string value)
    {
        var diagnostics = new DiagnosticList();
        ParseFails(SpecText.Minimal("regression", more: "\"seed\": " + value), diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecInvalidValue);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecInvalidValue, (5, 3));
        Assert.Contains("found " + value, diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void SeedZeroIsAllowed() =>
        Assert.AreEqual(0, SpecText.Parse(SpecText.Minimal("regression", more: "\"seed\": 0")).Seed);

    [TestMethod]
    public void ColumnMinAboveMaxIsMLB1005AtItsMax()
    {
        var json = SpecText.Minimal("regression", more: "\"columns\": {\n    \"Age\": { \"min\": 5, \"max\": 1 }\n  }");
        var diagnostics = new DiagnosticList();
        ParseFails(json, diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecInvalidValue);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecInvalidValue, TextPosition.Of(json, 6, "\"max\""));
        Assert.Contains("max 1 below its min 5", diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void ColumnMinEqualToMaxIsAllowed()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", more: "\"columns\": { \"Age\": { \"min\": 3, \"max\": 3 } }"));
        Assert.AreEqual(3.0, spec.FindColumn("Age")!.Min!.Value);
    }

    [TestMethod]
    public void UnknownColumnTypeIsMLB1005AtTheTypeWithASuggestion()
    {
        var json = SpecText.Minimal("regression", more: "\"columns\": {\n    \"Age\": { \"type\": \"numbr\" }\n  }");
        var diagnostics = new DiagnosticList();
        ParseFails(json, diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecInvalidValue);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecInvalidValue, TextPosition.Of(json, 6, "\"type\""));
        Assert.Contains("Did you mean 'number'?", diagnostics.Items[0].Message);
    }

    [TestMethod]
    public void MinOnACategoryColumnIsMLB1005AtTheMin()
    {
        var json = SpecText.Minimal("regression", more: "\"columns\": {\n    \"Plan\": { \"type\": \"category\", \"min\": 1 }\n  }");
        var diagnostics = new DiagnosticList();
        ParseFails(json, diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecInvalidValue);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecInvalidValue, TextPosition.Of(json, 6, "\"min\""));
    }

    [TestMethod]
    [DataRow("{ \"required\": \"yes\" }", "\"required\"")]
    [DataRow("{ \"ignore\": 1 }", "\"ignore\"")]
    [DataRow("{ \"min\": \"0\" }", "\"min\"")]
    [DataRow("{ \"allowed\": [] }", "\"allowed\"")]
    [DataRow("{ \"allowed\": \"a\" }", "\"allowed\"")]
    [DataRow("\"number\"", "\"Age\"")]
    public void BadColumnRuleIsMLB1005AtThatRule(string column, string token)
    {
        var json = SpecText.Minimal("regression", more: "\"columns\": {\n    \"Age\": " + column + "\n  }");
        var diagnostics = new DiagnosticList();
        ParseFails(json, diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecInvalidValue);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecInvalidValue, TextPosition.Of(json, 6, token));
    }

    [TestMethod]
    public void AllowedValueThatIsAnObjectIsMLB1005AtThatElement()
    {
        var json = SpecText.Minimal("regression", more: "\"columns\": {\n    \"Plan\": { \"allowed\": [\"a\", {}] }\n  }");
        var diagnostics = new DiagnosticList();
        ParseFails(json, diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecInvalidValue);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecInvalidValue, TextPosition.Of(json, 6, "{}"));
    }

    [TestMethod]
    public void GatesThatAreNotAnArrayAreMLB1005()
    {
        var diagnostics = new DiagnosticList();
        ParseFails(SpecText.Minimal("regression", more: "\"gates\": { \"metric\": \"rmse\" }"), diagnostics);
        DiagnosticAssert.Codes(diagnostics, DiagnosticCodes.SpecInvalidValue);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecInvalidValue, (5, 3));
    }

    [TestMethod]
    public void EveryErrorIsReportedBeforeTheSpecIsRejected()
    {
        const string json = """
            {
              "task": "binary-classification",
              "data": "d.csv",
              "label": "y",
              "trainr": "fast-tree",
              "seed": -1,
              "columns": { "A": { "type": "numbr" } },
              "gates": [ { "metric": "rmse", "min": 1 } ]
            }
            """;
        var diagnostics = new DiagnosticList();
        var error = ParseFails(json, diagnostics);

        DiagnosticAssert.Codes(diagnostics,
            DiagnosticCodes.SpecUnknownField, DiagnosticCodes.SpecInvalidValue, DiagnosticCodes.SpecInvalidValue, DiagnosticCodes.SpecUnknownMetric);
        AssertAt(diagnostics.Items[0], DiagnosticCodes.SpecUnknownField, (5, 3));
        AssertAt(diagnostics.Items[1], DiagnosticCodes.SpecInvalidValue, (6, 3));
        AssertAt(diagnostics.Items[2], DiagnosticCodes.SpecInvalidValue, TextPosition.Of(json, 7, "\"type\""));
        AssertAt(diagnostics.Items[3], DiagnosticCodes.SpecUnknownMetric, TextPosition.Of(json, 8, "\"metric\""));
        Assert.AreEqual("The model spec has 4 error(s); see above.", error.Message);
        Assert.IsTrue(diagnostics.HasErrors);
    }

    [TestMethod]
    public void LoadOfAMissingFileIsMLB1001()
    {
        using var folder = new TempFolder();
        var error = DiagnosticAssert.Throws(() => SpecParser.Load(folder.Combine("Nope.mlmodel.json"), new DiagnosticList()), DiagnosticCodes.SpecNotFound);
        Assert.Contains(folder.Combine("Nope.mlmodel.json"), error.Message);
    }

    [TestMethod]
    public void LoadSkipsAUtf8BomWithoutShiftingColumns()
    {
        using var folder = new TempFolder();
        const string json = "{ \"task\": \"regresion\", \"data\": \"d.csv\", \"label\": \"y\" }";
        var path = folder.WriteBytes("Bom.mlmodel.json", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(json)]);
        var diagnostics = new DiagnosticList();

        DiagnosticAssert.Throws(() => SpecParser.Load(path, diagnostics), DiagnosticCodes.SpecInvalidValue);
        DiagnosticAssert.IsError(DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecUnknownTask), DiagnosticCodes.SpecUnknownTask, path, 1, json.IndexOf("\"task\"", StringComparison.Ordinal) + 1);
    }

    [TestMethod]
    public void LoadResolvesPathsAgainstTheSpecFolder()
    {
        using var folder = new TempFolder();
        var path = folder.Write("models/Churn.mlmodel.json", SpecText.Minimal("regression"));
        var spec = SpecParser.Load(path, new DiagnosticList());
        Assert.AreEqual(folder.Combine("models/data.csv"), spec.Data.Single().Path);
        Assert.AreEqual("Churn", spec.Name);
    }

    [TestMethod]
    [DataRow("trainr", "trainer")]
    [DataRow("Label", "label")]
    [DataRow("zzzzzz", null)]
    public void SuggestNamesTheClosestKnownName(string found, string? expected)
    {
        var suggestion = SpecParser.Suggest(found, SpecParser.RootFields);
        Assert.AreEqual(expected is null ? "" : $" Did you mean '{expected}'?", suggestion);
    }
}
