using Microsoft.ML;

namespace MlBuildTasks.Testing.Tests.Support;

/// <summary>
/// Small regression and multiclass models saved as the engine saves them (a multiclass model ends by mapping the
/// predicted key back to the class name), each with a metrics.json, in a temp folder made once per test run.
/// </summary>
public static class OtherTasks
{
    private static readonly Lazy<string> Made = new(Make);

    public static string Directory => Made.Value;

    private sealed class House
    {
        public float Rooms { get; set; }
        public string Area { get; set; } = "";
        public float Label { get; set; }
    }

    private sealed class Flower
    {
        public float Petal { get; set; }
        public string Label { get; set; } = "";
    }

    private static string Make()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("mlb-tasks-").FullName;
        var ml = new MLContext(seed: 1);
        var random = new Random(3);

        var houses = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(_ =>
        {
            var rooms = random.Next(1, 8);
            var area = random.Next(2) == 0 ? "City" : "Village";
            return new House { Rooms = rooms, Area = area, Label = 50 * rooms + (area == "City" ? 100 : 0) };
        }).ToList());
        var regression = ml.Transforms.Categorical.OneHotEncoding("AreaEncoded", "Area")
            .Append(ml.Transforms.Concatenate("Features", "Rooms", "AreaEncoded"))
            .Append(ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 50)).Fit(houses);
        Save(ml, regression, houses, directory, "Houses", "regression",
            """[{ "name": "Rooms", "modelColumn": "Rooms", "kind": "number", "dataType": "Single" }, { "name": "Area", "modelColumn": "Area", "kind": "category", "dataType": "String" }]""");

        var flowers = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 300).Select(i =>
        {
            var petal = (float)(random.NextDouble() * 9);
            return new Flower { Petal = petal, Label = petal < 3 ? "setosa" : petal < 6 ? "versicolor" : "virginica" };
        }).ToList());
        var labelToKey = ml.Transforms.Conversion.MapValueToKey("Label").Fit(flowers);
        var keyed = labelToKey.Transform(flowers);
        var scorer = ml.Transforms.Concatenate("Features", "Petal")
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 100)).Fit(keyed);
        var multiclass = scorer.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(scorer.Transform(keyed)));
        Save(ml, multiclass, flowers, directory, "Flowers", "multiclass-classification",
            """[{ "name": "Petal length", "modelColumn": "Petal", "kind": "number", "dataType": "Single" }]""");
        return directory;
    }

    private static void Save(MLContext ml, ITransformer model, IDataView data, string directory, string name, string task, string inputs)
    {
        var schema = new DataViewSchema.Builder();
        foreach (var column in data.Schema.Where(c => c.Name != "Label")) schema.AddColumn(column.Name, column.Type);
        ml.Model.Save(model, schema.ToSchema(), Path.Combine(directory, name + ".zip"));
        File.WriteAllText(Path.Combine(directory, name + ".metrics.json"), $$"""
            { "schemaVersion": 1, "model": "{{name}}", "task": "{{task}}", "metrics": {}, "gates": [], "gatesPassed": true,
              "label": "Label", "inputs": {{inputs}} }
            """);
    }
}
