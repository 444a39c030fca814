namespace MlBuildTasks.Engine.Gates;

/// <summary>
/// What the change gates compared with, as metrics.json, the manifest, the package's lineage and the reports record it.
/// <see cref="Kind"/> is <c>package</c> (<see cref="Name"/> is the package id, <see cref="Version"/> the version compared
/// with, <see cref="Source"/> the feed it came from), <c>model</c> or <c>metrics</c> (<see cref="Name"/> is the file's path
/// relative to the spec). <see cref="ModelSha256"/> is the baseline model's hash when a model was evaluated;
/// <see cref="Fallback"/> marks a metrics file used because the package's feed could not be read.
/// </summary>
public sealed record BaselineOrigin(string Kind, string Name, string? Version = null, string? Source = null, string? ModelSha256 = null, bool Fallback = false)
{
    public const string PackageKind = "package";
    public const string ModelKind = "model";
    public const string MetricsKind = "metrics";

    /// <summary>"package ChurnPrediction 1.0.0, model SHA-256 0a1b2c3d4e5f", "model file 'baseline/Churn.zip', model SHA-256 ...", "metrics file '...'".</summary>
    public string Describe()
    {
        var what = Kind switch
        {
            PackageKind => $"package {Name} {Version}",
            ModelKind => $"model file '{Name}'",
            _ => $"metrics file '{Name}'" + (Fallback ? " (the offline fallback)" : ""),
        };
        return ModelSha256 is null ? what : $"{what}, model SHA-256 {ModelSha256[..Math.Min(12, ModelSha256.Length)]}";
    }
}
