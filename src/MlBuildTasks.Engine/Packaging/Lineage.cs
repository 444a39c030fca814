using MlBuildTasks.Engine.Artifacts;

namespace MlBuildTasks.Engine.Packaging;

/// <summary>
/// <c>&lt;Model&gt;.lineage.json</c> in the package: what the model was made from (content fingerprints
/// of spec, data and the gates' baseline), how (trainer, seed, tool versions), from which commit, and any
/// change-gate regressions a person released anyway (MlAcceptRegression), and the baseline they were judged against.
/// <see cref="ModelFiles"/> is the SHA-256 of every model file in the package (the ML.NET zip, any export);
/// <see cref="Signature"/> the comparison of the inputs with the previous release (and a breaking change released anyway).
/// </summary>
public sealed record Lineage(
    int SchemaVersion,
    string Model,
    string PackageId,
    string Version,
    IReadOnlyList<InputFingerprint> Inputs,
    string Fingerprint,
    string Trainer,
    int Seed,
    string EngineVersion,
    string MlNetVersion,
    string? GitCommit,
    string ModelSha256,
    DateTimeOffset TrainedAtUtc,
    IReadOnlyList<Gates.AcceptedRegression>? AcceptedRegressions = null,
    Gates.BaselineOrigin? Baseline = null,
    IReadOnlyList<ModelFileChecksum>? ModelFiles = null,
    SignatureCheck? Signature = null)
{
    public const int CurrentSchemaVersion = 1;
}
