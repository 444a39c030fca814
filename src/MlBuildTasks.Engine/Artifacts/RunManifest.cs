namespace MlBuildTasks.Engine.Artifacts;

/// <summary>The content fingerprint of one input file.</summary>
public sealed record InputFingerprint(string Role, string Path, string Fingerprint);

/// <summary>
/// <c>&lt;Model&gt;.manifest.json</c> in the working folder: what the last run was made from. When the
/// fingerprint of the current inputs equals <see cref="Fingerprint"/>, the run is replayed from its
/// artifacts instead of training again. Also the source of the package's lineage. <see cref="Baseline"/> is what the
/// change gates compared with.
/// </summary>
public sealed record RunManifest(
    int SchemaVersion,
    string Fingerprint,
    IReadOnlyList<InputFingerprint> Inputs,
    string EngineVersion,
    string MlNetVersion,
    int Seed,
    string Trainer,
    bool GatesPassed,
    string? ModelSha256,
    DateTimeOffset TrainedAtUtc,
    IReadOnlyList<Gates.AcceptedRegression>? AcceptedRegressions = null,
    Gates.BaselineOrigin? Baseline = null)
{
    public const int CurrentSchemaVersion = 1;
}
