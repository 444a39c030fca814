using System.Globalization;
using System.Text;

namespace MlBuildTasks.Engine.Tests.Support;

/// <summary>Small generated CSV data sets with a rule a model can learn, seeded so every run writes the same bytes.</summary>
internal static class SampleData
{
    /// <summary>
    /// Binary: <c>Churned</c> is "yes" when <c>Usage</c> is below 40, else "no"; <c>Plan</c> and <c>Age</c> are
    /// noise. <paramref name="flipFraction"/> of the labels are flipped so no model can be perfect.
    /// </summary>
    public static string Binary(int rows = 300, double flipFraction = 0, int seed = 1)
    {
        var random = new Random(seed);
        var plans = new[] { "basic", "plus", "premium" };
        var text = new StringBuilder("Age,Plan,Usage,Churned\n");
        for (var i = 0; i < rows; i++)
        {
            var usage = random.Next(0, 100);
            var churned = usage < 40;
            if (random.NextDouble() < flipFraction) churned = !churned;
            text.Append(CultureInfo.InvariantCulture, $"{random.Next(18, 80)},{plans[random.Next(plans.Length)]},{usage},{(churned ? "yes" : "no")}\n");
        }

        return text.ToString();
    }

    /// <summary>Regression: <c>Price</c> = 3 * Size + 20 * Rooms + small noise.</summary>
    public static string Regression(int rows = 200, int seed = 2)
    {
        var random = new Random(seed);
        var text = new StringBuilder("Size,Rooms,Price\n");
        for (var i = 0; i < rows; i++)
        {
            var size = random.Next(20, 200);
            var rooms = random.Next(1, 6);
            var price = 3.0 * size + 20 * rooms + random.NextDouble() * 4 - 2;
            text.Append(CultureInfo.InvariantCulture, $"{size},{rooms},{price:0.00}\n");
        }

        return text.ToString();
    }

    /// <summary>Multiclass: <c>Size</c> is "small" below 10, "medium" below 20, else "large" (from <c>Length</c>).</summary>
    public static string Multiclass(int rows = 240, int seed = 3)
    {
        var random = new Random(seed);
        var text = new StringBuilder("Length,Width,Size\n");
        for (var i = 0; i < rows; i++)
        {
            var length = random.NextDouble() * 30;
            var size = length < 10 ? "small" : length < 20 ? "medium" : "large";
            text.Append(CultureInfo.InvariantCulture, $"{length:0.000},{random.Next(1, 10)},{size}\n");
        }

        return text.ToString();
    }

    /// <summary>
    /// The rows of a CSV written by this class (no quoting) as JSON Lines: one object per row, a number where the
    /// cell is one, else a string.
    /// </summary>
    public static string ToJsonLines(string csv)
    {
        var (header, rows) = Split(csv);
        var text = new StringBuilder();
        foreach (var row in rows)
            text.Append('{').AppendJoin(", ", header.Select((name, i) => $"\"{name}\": {JsonValue(row[i])}")).Append("}\n");
        return text.ToString();
    }

    /// <summary>The rows of a CSV written by this class as SQL: CREATE TABLE <paramref name="table"/> and one INSERT per row.</summary>
    public static string ToSql(string csv, string table)
    {
        var (header, rows) = Split(csv);
        var numeric = header.Select((_, i) => rows.All(r => IsNumber(r[i]))).ToArray();
        var text = new StringBuilder($"CREATE TABLE {table} (");
        text.AppendJoin(", ", header.Select((name, i) => $"\"{name}\" {(numeric[i] ? "REAL" : "TEXT")}")).Append(");\n");
        foreach (var row in rows)
            text.Append(CultureInfo.InvariantCulture, $"INSERT INTO {table} VALUES (").AppendJoin(", ", row.Select((v, i) => numeric[i] ? v : $"'{v.Replace("'", "''", StringComparison.Ordinal)}'")).Append(");\n");
        return text.ToString();
    }

    private static (string[] Header, List<string[]> Rows) Split(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
    }

    private static bool IsNumber(string value) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string JsonValue(string value) => IsNumber(value) ? value : System.Text.Json.JsonSerializer.Serialize(value);
}
