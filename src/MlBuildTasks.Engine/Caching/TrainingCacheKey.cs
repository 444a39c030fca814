using System.Globalization;
using System.Text;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Pipeline;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Caching;

/// <summary>
/// The content address of a trained model: everything that decides the model's bytes and test metrics, and
/// nothing else. The data's content fingerprints (not paths or timestamps, so a fresh clone elsewhere finds
/// the entry), how each source is read, the spec's training-relevant parts (task, label, column types,
/// trainer or search, seed, split) and the engine and ML.NET versions. Data rules, checks and gates are
/// left out: changing a gate re-evaluates the cached model instead of training it again.
/// </summary>
public static class TrainingCacheKey
{
    public static string For(ModelSpec spec, IEnumerable<InputFingerprint> inputs)
    {
        var specDirectory = Path.GetDirectoryName(spec.SpecPath)!;
        var parts = new List<KeyValuePair<string, string>>
        {
            new("task", spec.Task.ToName()),
            new("label", spec.Label),
            new("positiveClass", spec.PositiveClass ?? ""),
            new("seed", spec.Seed.ToString(CultureInfo.InvariantCulture)),
            new("testFraction", spec.TestFraction.ToString("R", CultureInfo.InvariantCulture)),
            new("trainer", spec.Trainer ?? ""),
            new("training", Describe(spec.Training)),
            new("engine", EngineInfo.EngineVersion),
            new("featurization", Training.FeaturePipeline.Revision.ToString(CultureInfo.InvariantCulture)),
            new("ml.net", EngineInfo.MlNetVersion),
        };
        parts.AddRange(spec.Columns.OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => KeyValuePair.Create("column:" + c.Name, $"{c.Type?.ToName() ?? "inferred"}|{c.Ignore}|{c.DateFormat}|{c.Preprocessing}")));
        parts.AddRange(spec.Data.Select((s, i) => KeyValuePair.Create($"data:{i}", Describe(s, specDirectory))));
        parts.AddRange((spec.TestData ?? []).Select((s, i) => KeyValuePair.Create($"testData:{i}", Describe(s, specDirectory))));
        // Data by content, in order; the spec file itself is described above by its training-relevant parts, and the
        // gates' baseline only judges the model.
        parts.AddRange(inputs.Where(i => i.Role is not ("spec" or InputTracking.BaselineRole)).Select((i, n) => KeyValuePair.Create($"{i.Role}:{n}", i.Fingerprint)));
        return ContentFingerprint.Combine(parts);
    }

    private static string Describe(Data.Sources.SourceSpec source, string specDirectory) =>
        string.Join("|", source.Format, source.Path is null ? "" : Path.GetRelativePath(specDirectory, source.Path).Replace('\\', '/'),
            source.Delimiter, source.Quote, source.HasHeader, string.Join(",", source.ColumnNames ?? []), source.Culture, source.Query);

    private static string Describe(TrainingSpec? training)
    {
        if (training is null) return "";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{string.Join(",", training.Trainers)}|{training.Search}|{training.Trials}|{training.TimeLimitSeconds:R}|{training.Metric}|{training.Folds}|{training.GroupBy}");
        foreach (var (trainer, space) in training.Space.OrderBy(p => p.Key, StringComparer.Ordinal))
            foreach (var h in space)
                text.Append(CultureInfo.InvariantCulture, $"|{trainer}.{h.Name}:{h.Min:R}:{h.Max:R}:{h.Log}:{string.Join(",", h.Choices ?? [])}");
        return text.ToString();
    }
}
