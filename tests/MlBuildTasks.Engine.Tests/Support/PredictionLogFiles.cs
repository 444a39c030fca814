using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MlBuildTasks.Engine.Tests.Support;

/// <summary>Prediction logs and feedback files of the <see cref="SampleData.Binary"/> model (Age, Plan, Usage -> Churned), written as the runtime writes them.</summary>
internal static class PredictionLogFiles
{
    /// <summary>One logged prediction: its id, the inputs and the true label.</summary>
    public sealed record Row(string Id, double? Age, string? Plan, double? Usage, bool Churned);

    public static List<Row> Rows(int count, int seed)
    {
        var rows = new List<Row>();
        var lines = SampleData.Binary(rows: count, seed: seed).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1);
        foreach (var line in lines)
        {
            var cells = line.Split(',');
            rows.Add(new Row(Guid.CreateVersion7().ToString("N"), double.Parse(cells[0], CultureInfo.InvariantCulture), cells[1],
                double.Parse(cells[2], CultureInfo.InvariantCulture), cells[3] == "yes"));
        }

        return rows;
    }

    /// <summary>Writes rows as the runtime's PredictionLog does; every <paramref name="wrongEvery"/>-th prediction is wrong.</summary>
    public static string WriteLogs(TempFolder folder, IEnumerable<Row> rows, int wrongEvery = 10, string? extraLine = null)
    {
        var text = new StringBuilder();
        var i = 0;
        foreach (var row in rows)
        {
            var predicted = i++ % wrongEvery == 0 ? !row.Churned : row.Churned;
            var record = new Dictionary<string, object?>
            {
                ["id"] = row.Id, ["time"] = "2026-11-28T00:00:00.000Z", ["model"] = "Churn", ["version"] = "1.0.0",
                ["inputs"] = new Dictionary<string, object?> { ["Age"] = row.Age, ["Plan"] = row.Plan, ["Usage"] = row.Usage },
                ["outputs"] = new Dictionary<string, object?> { ["PredictedLabel"] = predicted, ["Score"] = predicted ? 2.0 : -2.0, ["Probability"] = predicted ? 0.9 : 0.1 },
            };
            text.Append(JsonSerializer.Serialize(record)).Append('\n');
            if (i == 5 && extraLine is not null) text.Append(extraLine).Append('\n');
        }

        folder.Write("logs/Churn.predictions.20261128T000000000Z.1.jsonl", text.ToString());
        return folder.Combine("logs");
    }

    public static void WriteFeedback(TempFolder folder, IEnumerable<Row> rows) =>
        folder.Write("logs/Churn.feedback.jsonl", string.Concat(rows.Select(r => JsonSerializer.Serialize(new { id = r.Id, label = r.Churned ? "yes" : "no" }) + "\n")));
}
