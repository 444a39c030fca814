using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Training.Search;

/// <summary>
/// Which configurations a search tries. Random: each trainer's first trial is ML.NET's defaults, the rest are
/// drawn from its space (seeded); trainers take turns. Grid: an even grid over each trainer's space, as many
/// points per hyperparameter as the trial budget allows, trainers taking turns. Successive halving starts from
/// the random plan (see <see cref="ModelSearch"/>).
/// </summary>
public static class SearchPlan
{
    public static IReadOnlyList<TrialConfig> Configs(TrainingSpec training, ModelTask task, int seed)
    {
        var trainers = training.Trainers.Select(name => (Name: name, Space: SpaceOf(training, task, name))).ToList();
        var perTrainer = training.Search == SearchStrategy.Grid
            ? trainers.Select(t => GridOf(t.Space, training.Trials / trainers.Count + (training.Trials % trainers.Count > 0 ? 1 : 0))).ToList()
            : trainers.Select((t, i) => RandomOf(t.Space, training.Trials, new Random(unchecked(seed * 7919 + i)))).ToList();

        // Trainers take turns, so a small budget still tries every trainer.
        var configs = new List<TrialConfig>();
        for (var round = 0; configs.Count < training.Trials; round++)
        {
            var added = false;
            for (var t = 0; t < trainers.Count && configs.Count < training.Trials; t++)
            {
                if (round >= perTrainer[t].Count) continue;
                configs.Add(new TrialConfig(configs.Count + 1, trainers[t].Name, perTrainer[t][round]));
                added = true;
            }

            if (!added) break;
        }

        return configs;
    }

    /// <summary>A trainer's space: the spec's ranges where it gives them, the catalog's defaults elsewhere.</summary>
    public static IReadOnlyList<Hyperparameter> SpaceOf(TrainingSpec training, ModelTask task, string trainer) =>
        training.Space.TryGetValue(trainer, out var space) ? space : TrainerCatalog.Get(task, trainer).Space;

    private static List<IReadOnlyDictionary<string, double>> RandomOf(IReadOnlyList<Hyperparameter> space, int count, Random random)
    {
        var configs = new List<IReadOnlyDictionary<string, double>> { space.ToDictionary(h => h.Name, h => h.Default, StringComparer.Ordinal) };
        var seen = new HashSet<string> { Key(configs[0]) };
        for (var attempts = 0; configs.Count < count && attempts < count * 20; attempts++)
        {
            var config = space.ToDictionary(h => h.Name, h => h.Sample(random), StringComparer.Ordinal);
            if (seen.Add(Key(config))) configs.Add(config);
        }

        return configs;
    }

    private static List<IReadOnlyDictionary<string, double>> GridOf(IReadOnlyList<Hyperparameter> space, int budget)
    {
        if (space.Count == 0) return [new Dictionary<string, double>()];
        // As many points per axis as keep the grid within the budget (at least 2 where a range allows).
        var points = Math.Max(2, (int)Math.Floor(Math.Pow(Math.Max(budget, 1), 1.0 / space.Count)));
        IEnumerable<Dictionary<string, double>> grid = [new Dictionary<string, double>(StringComparer.Ordinal)];
        foreach (var parameter in space)
            grid = grid.SelectMany(partial => parameter.Grid(points).Select(value => new Dictionary<string, double>(partial, StringComparer.Ordinal) { [parameter.Name] = value }));
        return grid.Cast<IReadOnlyDictionary<string, double>>().ToList();
    }

    private static string Key(IReadOnlyDictionary<string, double> config) =>
        string.Join(";", config.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value:R}"));
}
