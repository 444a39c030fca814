using System.IO.Compression;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Packaging;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Runtime;

namespace MlBuildTasks.Engine.Tests.Packaging;

/// <summary>
/// The C# a model package gives an app: compiled here in memory with warnings as errors, for every task's outputs and
/// for column names people write; and a packed model's API compiled, loaded and asked to predict.
/// </summary>
[TestClass]
public sealed class ModelApiGeneratorTests
{
    [TestMethod]
    [DataRow("Tenure", "Tenure")]
    [DataRow("Body Mass (g)", "BodyMassG")]
    [DataRow("monthly_charges", "MonthlyCharges")]
    [DataRow("2nd opinion", "_2ndOpinion")]
    [DataRow("Größe", "Größe")]
    [DataRow("()", "Column")]
    public void ColumnNamesBecomePascalCaseIdentifiers(string name, string identifier) =>
        Assert.AreEqual(identifier, ModelApiGenerator.Identifier(name));

    [TestMethod]
    public void PackageIdsBecomeNamespaces() =>
        Assert.AreEqual("Contoso.Churn._2024Model", ModelApiGenerator.Namespace("Contoso.Churn.2024-model"));

    [TestMethod]
    public void NamesThatCollideOrShadowGetANumber()
    {
        var source = ModelApiGenerator.Generate(Signature("binary-classification", BinaryOutputs,
            Number("a b"), Number("A-B"), Number("Row"), Number("ToString"), Number("Churn Input")), "Churn", "1.0.0");

        foreach (var property in new[] { "public float? AB {", "public float? AB2 {", "public float? Row2 {", "public float? ToString2 {", "public float? ChurnInput2 {" })
            Assert.Contains(property, source);
        Compile(source);
    }

    [TestMethod]
    public void GeneratedCodeCompilesForEveryTask()
    {
        Compile(ModelApiGenerator.Generate(Signature("binary-classification", BinaryOutputs, Inputs), "Contoso.Churn", "1.0.0"));
        Compile(ModelApiGenerator.Generate(Signature("multiclass-classification",
            [new SignatureOutput("PredictedLabel", "String", "the most likely class", ["a", "b"]), new SignatureOutput("Score", "Single[]", "one probability per class", ["a", "b"])],
            Inputs), "Contoso.Species", "2.0.0"));
        Compile(ModelApiGenerator.Generate(Signature("regression", [new SignatureOutput("Score", "Single", "the predicted value")], Inputs), "Contoso.Price", "1.0.0"));
        Compile(ModelApiGenerator.Generate(Signature("anomaly-detection",
            [new SignatureOutput("PredictedLabel", "Boolean", "true for an anomaly"), new SignatureOutput("Score", "Single", "the anomaly score")], Inputs), "Contoso.Fraud", "1.0.0"));
    }

    [TestMethod]
    public void MulticlassModelsListTheirClassesInScoreOrder()
    {
        var source = ModelApiGenerator.Generate(Signature("multiclass-classification",
            [new SignatureOutput("PredictedLabel", "String", "the most likely class", ["setosa", "virginica"]), new SignatureOutput("Score", "Single[]", "one probability per class", ["setosa", "virginica"])],
            Inputs), "Iris", "1.0.0");

        Assert.Contains("public float[] Score { get; set; } = [];", source);
        Assert.Contains("Classes { get; } = [\"setosa\", \"virginica\"];", source);
    }

    [TestMethod]
    public void NamesWithQuotesAndMarkupStayLiteralsAndComments()
    {
        var source = ModelApiGenerator.Generate(Signature("binary-classification", BinaryOutputs,
            Number("Size \"XL\" <cm> & \\ more"), new SignatureInput("Région", "Région", "category", "String", false,
                Categories: new CategoryDomain(["<a>", "b\"c"], true, 2, "spec"))), "Churn", "1.0.0");

        Assert.Contains("JsonPropertyName(\"Size \\\"XL\\\" <cm> & \\\\ more\")", source);
        Assert.Contains("&lt;cm&gt; &amp;", source);
        Compile(source);
    }

    [TestMethod]
    public void TheSameSignatureGivesTheSameSource() =>
        Assert.AreEqual(
            ModelApiGenerator.Generate(Signature("binary-classification", BinaryOutputs, Inputs), "Churn", "1.0.0"),
            ModelApiGenerator.Generate(Signature("binary-classification", BinaryOutputs, Inputs), "Churn", "1.0.0"));

    /// <summary>The package's own source, compiled and loaded: JSON with the data's column names in, a prediction out, a bad value refused.</summary>
    [TestMethod]
    public void APackedModelsApiLoadsTheModelAndPredicts()
    {
        using var project = ModelProject.Create("""
            { "task": "binary-classification", "data": "data.csv", "label": "Churned", "trainer": "fast-tree",
              "columns": { "Usage": { "type": "number", "required": true, "min": 0 }, "Plan": { "type": "category", "allowed": ["basic", "plus", "premium"] } },
              "gates": [ { "metric": "auc", "min": 0.8 } ] }
            """, SampleData.Binary());
        var diagnostics = new DiagnosticList();
        Assert.IsTrue(project.Train(diagnostics).Succeeded, DiagnosticAssert.Describe(diagnostics));
        using var output = new TempFolder();
        var package = ModelPackager.Pack(new PackRequest(project.SpecPath, project.OutputDirectory, "Contoso.Churn", "1.4.0", output.Path, PackageFormat.Nupkg), new DiagnosticList());
        var modelFolder = Path.Combine(output.Path, "app");
        string source;
        using (var zip = ZipFile.OpenRead(package))
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("model/", StringComparison.Ordinal)))
            {
                Directory.CreateDirectory(modelFolder);
                entry.ExtractToFile(Path.Combine(modelFolder, entry.Name));
            }

            using var reader = new StreamReader(zip.GetEntry("contentFiles/cs/any/Churn.g.cs")!.Open());
            source = reader.ReadToEnd();
        }

        var assembly = Load(Compile(source));
        var model = assembly.GetType("Contoso.Churn.Churn")!;
        var inputType = assembly.GetType("Contoso.Churn.ChurnInput")!;
        var signature = SignatureFile.Read(Path.Combine(modelFolder, "Churn.signature.json"));
        using var predictor = (IDisposable)model.GetMethod("Load")!.Invoke(null, [new ModelOptions { ModelDirectory = modelFolder }])!;
        var predict = model.GetMethod("Predict")!;

        // Every input at a valid value, written with the data's column names.
        var json = JsonSerializer.Serialize(signature.Inputs.ToDictionary(i => i.Name, i => ValidValue(i)));
        var input = JsonSerializer.Deserialize(json, inputType)!;
        var prediction = (IModelOutput)predict.Invoke(predictor, [input])!;
        var probability = (float)prediction.GetType().GetProperty("Probability")!.GetValue(prediction)!;
        Assert.IsTrue(probability is >= 0 and <= 1, $"probability {probability}");
        Assert.IsEmpty(prediction.InputIssues.Where(i => i.Refused));
        Assert.MatchesRegex("^[0-9a-f]{32}$", prediction.PredictionId);

        // Logged: the generated row's columns are the signature's inputs, by the data's names.
        var logFolder = Path.Combine(output.Path, "log");
        using (var logged = (IDisposable)model.GetMethod("Load")!.Invoke(null, [new ModelOptions { ModelDirectory = modelFolder, Log = new PredictionLogOptions { Directory = logFolder } }])!)
            predict.Invoke(logged, [input]);
        using (var record = JsonDocument.Parse(File.ReadAllText(Assert.ContainsSingle(Directory.GetFiles(logFolder, "Churn.predictions.*.jsonl")))))
        {
            CollectionAssert.AreEqual(signature.Inputs.Select(i => i.Name).ToArray(), record.RootElement.GetProperty("inputs").EnumerateObject().Select(p => p.Name).ToArray());
            Assert.AreEqual("1.4.0", record.RootElement.GetProperty("version").GetString());
        }

        // The spec's rules reach the app: "Usage" required, "Plan" one of three.
        var refusedInput = JsonSerializer.Deserialize("""{ "Age": 30, "Plan": "gold" }""", inputType)!;
        var refused = Assert.ThrowsExactly<TargetInvocationException>(() => predict.Invoke(predictor, [refusedInput]));
        var issues = ((ModelInputException)refused.InnerException!).Issues;
        CollectionAssert.AreEqual(new[] { "Plan: UnknownCategory", "Usage: Missing" }, issues.Select(i => $"{i.Input}: {i.Kind}").Order(StringComparer.Ordinal).ToArray());
    }

    private static object? ValidValue(SignatureInput input) => input switch
    {
        { Type: "boolean" } => true,
        { Categories: { } domain } => domain.Values[0],
        { Type: "number" } => input.Range?.Min ?? 1,
        _ => "x",
    };

    private static readonly SignatureOutput[] BinaryOutputs =
    [
        new("PredictedLabel", "Boolean", "true when the model predicts true"),
        new("Score", "Single", "the raw score"),
        new("Probability", "Single", "the calibrated probability of true"),
    ];

    private static readonly SignatureInput[] Inputs =
    [
        new("Tenure", "Tenure", "number", "Single", true, new NumberRange(0, 72), new NumberRange(0, 120)),
        new("Contract", "Contract", "category", "String", true, Categories: new CategoryDomain(["Month-to-month", "One year"], true, 2, "spec")),
        new("Senior Citizen", "Senior_Citizen", "boolean", "Single", false),
        new("Notes", "Notes", "text", "String", false),
        new("SignupDate", "SignupDate", "date", "String", false, DateFormat: "yyyy-MM-dd"),
    ];

    private static SignatureInput Number(string name) => new(name, name.Replace(' ', '_'), "number", "Single", false);

    private static ModelSignature Signature(string task, IReadOnlyList<SignatureOutput> outputs, params SignatureInput[] inputs) =>
        new(ModelSignature.CurrentSchemaVersion, "Churn", task, new SignatureLabel("Churned", "boolean"), inputs, outputs);

    /// <summary>Compiles as an app would (nullable on, warnings as errors) and returns the assembly's bytes.</summary>
    private static byte[] Compile(string source)
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var here = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(f => Path.GetFileName(f) is var name && (name.StartsWith("Microsoft.ML", StringComparison.Ordinal) || name.StartsWith("MlBuildTasks.Runtime", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions.DependencyInjection.Abstractions", StringComparison.Ordinal)));
        var compilation = CSharpCompilation.Create("GeneratedModelApi" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            trusted.Concat(here).Distinct().Select(path => MetadataReference.CreateFromFile(path)),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, generalDiagnosticOption: ReportDiagnostic.Error));
        using var assembly = new MemoryStream();
        var result = compilation.Emit(assembly);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.IsTrue(result.Success && problems.Count == 0, string.Join("\n", problems) + "\n\n" + source);
        return assembly.ToArray();
    }

    private static Assembly Load(byte[] assembly) => AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(assembly));
}
