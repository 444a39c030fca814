using MlBuildTasks.Engine.Artifacts;

namespace MlBuildTasks.Engine.Packaging;

/// <summary>
/// <c>&lt;Model&gt;.lineage.json</c> in the package: what the model was made from (content fingerprints
/// of spec and data), how (trainer, seed, tool versions) and from which commit.
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
    DateTimeOffset TrainedAtUtc)
{
    public const int CurrentSchemaVersion = 1;
}
