using System.Reflection;
using Microsoft.ML;

namespace MlBuildTasks.Engine;

/// <summary>Versions recorded in fingerprints and lineage: a new engine or ML.NET retrains.</summary>
public static class EngineInfo
{
    public static string EngineVersion { get; } =
        typeof(EngineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string MlNetVersion { get; } =
        typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}
