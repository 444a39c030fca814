using System.Text;

namespace MlBuildTasks.Engine.Data;

/// <summary>
/// The one place that maps column names as people write them ("Monthly Charges ($)") to the names the
/// ML.NET model uses. Plain identifiers keep their name; anything else becomes letters, digits and '_'.
/// Names ML.NET reserves for its own columns get a trailing '_'.
/// </summary>
public static class ColumnNames
{
    public const string Label = "Label";
    public const string Features = "Features";

    private static readonly string[] Reserved = [Label, Features, "Score", "Probability", "PredictedLabel"];

    public static string ToModelName(string original)
    {
        var builder = new StringBuilder(original.Length);
        foreach (var c in original.Trim())
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        if (builder.Length == 0 || char.IsAsciiDigit(builder[0])) builder.Insert(0, '_');
        var name = builder.ToString();
        return Reserved.Contains(name, StringComparer.OrdinalIgnoreCase) ? name + "_" : name;
    }

    /// <summary>Model names for a list of columns, made unique by a numeric suffix where two collide.</summary>
    public static IReadOnlyList<string> ToModelNames(IEnumerable<string> originals)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var original in originals)
        {
            var name = ToModelName(original);
            var candidate = name;
            for (var i = 2; !used.Add(candidate); i++) candidate = $"{name}_{i}";
            result.Add(candidate);
        }

        return result;
    }
}
