namespace MlBuildTasks.Runtime;

/// <summary>
/// A model file does not match the SHA-256 its package recorded (changed, truncated or replaced after packing), or
/// the checksum list is missing: the model is not loaded.
/// </summary>
public sealed class ModelIntegrityException(string message, string path) : IOException(message)
{
    /// <summary>The file that failed the check.</summary>
    public string Path { get; } = path;
}
