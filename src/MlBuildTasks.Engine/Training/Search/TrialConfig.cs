using System.Globalization;

namespace MlBuildTasks.Engine.Training.Search;

/// <summary>One candidate of a search: a trainer and a value for each of its hyperparameters.</summary>
public sealed record TrialConfig(int Id, string Trainer, IReadOnlyDictionary<string, double> Parameters)
{
    /// <summary>"fast-tree (leaves 31, trees 200, ...)": how progress messages and trials.json show it.</summary>
    public string Describe() =>
        Parameters.Count == 0 ? Trainer
        : $"{Trainer} ({string.Join(", ", Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {(double.IsNaN(p.Value) ? "auto" : p.Value.ToString("G4", CultureInfo.InvariantCulture))}"))})";
}
