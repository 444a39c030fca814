using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Pipeline;

/// <summary>
/// What a model is made from and how a change is noticed: content fingerprints of the spec and every
/// data source, the list of files MSBuild watches, and the committed lock file.
/// </summary>
public static class InputTracking
{
    /// <summary>The role of the change gates' baseline: an input of the gates, not of training.</summary>
    public const string BaselineRole = BaselineResolver.Role;

    /// <summary>
    /// Fingerprints of the spec, of every data source (each file a glob matches; a database's query result) and of the
    /// gates' <paramref name="baseline"/> (a file's content, a package's id, version and model hash). An optional baseline
    /// that does not exist yet is listed as missing, so creating it is a change.
    /// </summary>
    public static List<InputFingerprint> Fingerprints(ModelSpec spec, ResolvedBaseline? baseline = null)
    {
        var inputs = new List<InputFingerprint> { new("spec", spec.SpecPath, ContentFingerprint.OfFile(spec.SpecPath)) };
        foreach (var (role, source) in Sources(spec))
            inputs.Add(new(role, NameOf(source), DataSourceFactory.Fingerprint(source)));
        if (baseline?.Input is { } input) inputs.Add(input);
        return inputs;
    }

    /// <summary>The fingerprint of everything a model depends on: inputs, engine and ML.NET versions.</summary>
    public static string Combined(IEnumerable<InputFingerprint> inputs) => ContentFingerprint.Combine(
        inputs.Select(i => KeyValuePair.Create(i.Role, i.Fingerprint))
            .Append(KeyValuePair.Create("engine", EngineInfo.EngineVersion))
            .Append(KeyValuePair.Create("ml.net", EngineInfo.MlNetVersion)));

    /// <summary>
    /// What MSBuild watches to decide whether to run the engine: the spec, every data file and the gates' baseline
    /// file. A PostgreSQL source can change without any file changing, so it adds a path that never exists,
    /// which makes MSBuild start the engine every build (the engine then compares the query's fingerprint). An
    /// optional baseline that does not exist yet works the same way until it is created.
    /// </summary>
    public static void WriteInputList(ArtifactPaths paths, IEnumerable<InputFingerprint> inputs)
    {
        // A baseline package is not a file: the version being built, an MSBuild setting, is what re-runs its lookup.
        var files = inputs.Where(i => !i.Path.StartsWith(BaselineResolver.PackagePrefix, StringComparison.Ordinal))
            .Select(i => IsQuery(i.Path) ? Path.Combine(paths.Directory, "postgres-source.always-check") : i.Path).Distinct();
        var content = string.Join("\n", files) + "\n";
        if (!File.Exists(paths.InputList) || File.ReadAllText(paths.InputList) != content) AtomicFile.WriteAllText(paths.InputList, content);
    }

    /// <summary>Rewrites <c>&lt;Model&gt;.mlmodel.lock.json</c> beside the spec when a source's fingerprint changed.</summary>
    public static void UpdateLockFile(ModelSpec spec, IReadOnlyList<InputFingerprint> inputs)
    {
        var directory = Path.GetDirectoryName(spec.SpecPath)!;
        var sources = Sources(spec).Select(p =>
        {
            var name = NameOf(p.Source);
            var fingerprint = inputs.First(i => i.Role == p.Role && i.Path == name).Fingerprint;
            var shown = IsQuery(name) ? name : Path.GetRelativePath(directory, name).Replace('\\', '/');
            return new LockedSource(p.Role, SpecReader.FormatNames.First(f => f.Value == p.Source.Format).Key, shown, fingerprint);
        }).ToList();
        LockFile.Update(spec, sources);
    }

    private static IEnumerable<(string Role, SourceSpec Source)> Sources(ModelSpec spec) =>
        spec.Data.SelectMany(DataSourceFactory.Expand).Select(s => ("data", s))
            .Concat((spec.TestData ?? []).SelectMany(DataSourceFactory.Expand).Select(s => ("testData", s)));

    /// <summary>A file source by its path; a PostgreSQL query by a short hash of its text (never the connection).</summary>
    private static string NameOf(SourceSpec source) => source.Format == SourceFormat.Postgres
        ? "postgres:" + ContentFingerprint.Combine([KeyValuePair.Create("query", source.Query!)])[..12]
        : source.Path!;

    private static bool IsQuery(string name) => name.StartsWith("postgres:", StringComparison.Ordinal);
}
