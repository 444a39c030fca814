using System.Text.Json;
using Microsoft.ML;

namespace MlBuildTasks.Testing.Tests.Support;

/// <summary>
/// A model shaped like one MlBuildTasks trains, made once per test run in a temp folder: a calibrated binary classifier
/// whose churn probability rises with "Support Calls" (a spec name the model calls Support_Calls) and is higher on a
/// month-to-month contract; "Note" is an input the model ignores. Beside it, a metrics.json as the engine writes it.
/// </summary>
public static class TinyModel
{
    public const string Name = "TinyChurn";

    private static readonly Lazy<string> Made = new(Make);

    /// <summary>The folder holding TinyChurn.zip and TinyChurn.metrics.json.</summary>
    public static string Directory => Made.Value;

    public static TrainedModel Load() => TrainedModel.Load(Name, Directory);

    /// <summary>A row keyed by spec names.</summary>
    public static Dictionary<string, object?> Row(double supportCalls, string contract = "One year", string note = "") =>
        new() { ["Support Calls"] = supportCalls, ["Contract"] = contract, ["Note"] = note };

    private sealed class Customer
    {
        public float Support_Calls { get; set; }
        public string Contract { get; set; } = "";
        public string Note { get; set; } = "";
        public bool Label { get; set; }
    }

    private static string Make()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mlbuildtasks-testing-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);

        var ml = new MLContext(seed: 1);
        var random = new Random(7);
        var contracts = new[] { "Month-to-month", "One year", "Two year" };
        var rows = Enumerable.Range(0, 400).Select(_ =>
        {
            var calls = random.Next(0, 11);
            var contract = contracts[random.Next(contracts.Length)];
            var risk = calls + (contract == "Month-to-month" ? 3 : 0) + random.NextDouble() * 2 - 1;
            return new Customer { Support_Calls = calls, Contract = contract, Note = $"n{random.Next(100)}", Label = risk > 6 };
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Categorical.OneHotEncoding("ContractEncoded", "Contract")
            .Append(ml.Transforms.Concatenate("Features", "Support_Calls", "ContractEncoded"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        var model = pipeline.Fit(data);

        var inputSchema = new DataViewSchema.Builder();
        foreach (var column in data.Schema.Where(c => c.Name != "Label")) inputSchema.AddColumn(column.Name, column.Type);
        ml.Model.Save(model, inputSchema.ToSchema(), Path.Combine(directory, Name + ".zip"));
        WriteMetrics(directory, Name, Gates.Passing);
        return directory;
    }

    /// <summary>Writes <c>&lt;model&gt;.metrics.json</c> with the given gate records (JSON objects as the engine writes them).</summary>
    public static void WriteMetrics(string directory, string model, string gatesJson)
    {
        var json = $$"""
            {
              "schemaVersion": 1,
              "model": "{{model}}",
              "task": "binary-classification",
              "trainer": "lbfgs-logistic-regression",
              "seed": 1,
              "trainRows": 320,
              "testRows": 80,
              "metrics": { "auc": 0.95, "accuracy": 0.9, "log-loss": null },
              "gates": {{gatesJson}},
              "gatesPassed": true,
              "label": "Churned",
              "inputs": [
                { "name": "Support Calls", "modelColumn": "Support_Calls", "kind": "number", "dataType": "Single" },
                { "name": "Contract", "modelColumn": "Contract", "kind": "category", "dataType": "String" },
                { "name": "Note", "modelColumn": "Note", "kind": "text", "dataType": "String" }
              ],
              "trainingSeconds": 0.1
            }
            """;
        using var _ = JsonDocument.Parse(json); // the tests' own fixture must be valid JSON
        File.WriteAllText(Path.Combine(directory, model + ".metrics.json"), json);
    }

    public static class Gates
    {
        public const string Passing = """
            [
              { "metric": "auc", "value": 0.95, "min": 0.78, "passed": true, "holds": true, "line": 24 },
              { "metric": "accuracy", "value": 0.9, "min": 0.7, "max": 0.99, "passed": true, "holds": true, "line": 25 },
              { "metric": "auc", "value": 0.95, "baseline": 0.96, "change": -0.01, "maxDrop": 0.02, "passed": true, "holds": true, "line": 26 },
              { "metric": "recall", "slice": "Contract=Month-to-month", "value": 0.8, "min": 0.6, "passed": true, "holds": true, "line": 27 }
            ]
            """;
    }
}
