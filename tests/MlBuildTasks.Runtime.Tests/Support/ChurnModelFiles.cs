using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlBuildTasks.Runtime.Tests.Support;

/// <summary>
/// A small real churn model with the files a model package copies next to an app: <c>ChurnModel.zip</c> (ML.NET,
/// calibrated SDCA logistic regression over Tenure, a one-hot Contract and "Senior citizen", which the model calls
/// Senior_citizen), its signature, metrics, lineage and the <c>.sha256</c> list of all four.
/// </summary>
public static class ChurnModelFiles
{
    public const string Model = "ChurnModel";
    public const string Zip = Model + ".zip";
    public const string Signature = Model + ".signature.json";
    public const string Metrics = Model + ".metrics.json";
    public const string Lineage = Model + ".lineage.json";
    public const string List = Model + ".sha256";

    public static readonly string[] Contracts = ["Month-to-month", "One year", "Two year"];

    /// <summary>The row ML.NET is trained on and predicts from, independent of the generated classes.</summary>
    public sealed class TrainingRow
    {
        public float Tenure { get; set; }
        public string Contract { get; set; } = "";
        [ColumnName("Senior_citizen")]
        public float SeniorCitizen { get; set; }
        public bool Label { get; set; }
    }

    /// <summary>ML.NET's own prediction, for comparison with the predictor's.</summary>
    public sealed class Prediction
    {
        public bool PredictedLabel { get; set; }
        public float Score { get; set; }
        public float Probability { get; set; }
    }

    /// <summary>Trains the model and writes the package's model files into <paramref name="directory"/>.</summary>
    public static void Write(string directory)
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(11);
        var rows = Enumerable.Range(0, 400).Select(_ =>
        {
            var tenure = random.Next(0, 73);
            var contract = Contracts[random.Next(Contracts.Length)];
            var senior = random.Next(4) == 0 ? 1f : 0f;
            var churns = (contract == "Month-to-month" && tenure < 24) || (senior == 1f && tenure < 12);
            if (random.NextDouble() < 0.08) churns = !churns;
            return new TrainingRow { Tenure = tenure, Contract = contract, SeniorCitizen = senior, Label = churns };
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Categorical.OneHotEncoding("ContractEncoded", "Contract")
            .Append(ml.Transforms.Concatenate("Features", "Tenure", "ContractEncoded", "Senior_citizen"))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 100))
            .Fit(data);

        var schema = new DataViewSchema.Builder();
        foreach (var column in data.Schema.Where(c => c.Name != "Label")) schema.AddColumn(column.Name, column.Type);
        ml.Model.Save(model, schema.ToSchema(), Path.Combine(directory, Zip));

        File.WriteAllText(Path.Combine(directory, Signature), """
            {
              "schemaVersion": 1,
              "model": "ChurnModel",
              "task": "binary-classification",
              "label": { "name": "Churned", "type": "boolean", "classes": ["false", "true"], "positiveClass": "true" },
              "inputs": [
                { "name": "Tenure", "modelColumn": "Tenure", "type": "number", "dataType": "Single", "required": true,
                  "range": { "min": 0, "max": 72 }, "validRange": { "min": 0, "max": 120 } },
                { "name": "Contract", "modelColumn": "Contract", "type": "category", "dataType": "String", "required": true,
                  "categories": { "values": ["Month-to-month", "One year", "Two year"], "complete": true, "distinct": 3, "source": "spec" } },
                { "name": "Senior citizen", "modelColumn": "Senior_citizen", "type": "boolean", "dataType": "Single", "required": false }
              ],
              "outputs": [
                { "name": "PredictedLabel", "dataType": "Boolean", "meaning": "true when the model predicts true for 'Churned'" },
                { "name": "Score", "dataType": "Single", "meaning": "the raw score; higher means more likely true" },
                { "name": "Probability", "dataType": "Single", "meaning": "the calibrated probability of true" }
              ]
            }
            """);
        File.WriteAllText(Path.Combine(directory, Metrics), """
            { "schemaVersion": 1, "model": "ChurnModel", "task": "binary-classification", "metrics": { "accuracy": 0.9, "auc": 0.93 }, "gatesPassed": true }
            """);
        File.WriteAllText(Path.Combine(directory, Lineage), """
            { "packageId": "Churn", "version": "1.2.3", "trainer": "SdcaLogisticRegression", "seed": 1 }
            """);
        Checksums.Write(directory, Model, Zip, Signature, Metrics, Lineage);
    }

    /// <summary>A copy of the model files in a new folder, for a test that changes one.</summary>
    public static string CopyOf(string directory)
    {
        var copy = Checksums.NewDirectory();
        foreach (var file in Directory.GetFiles(directory)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }
}
