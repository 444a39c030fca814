using System.Collections;
using Microsoft.Build.Framework;

namespace MlBuildTasks.Tasks.Tests;

/// <summary>Records what a task logs, as MSBuild would see it.</summary>
internal sealed class FakeBuildEngine : IBuildEngine
{
    public List<BuildErrorEventArgs> Errors { get; } = [];
    public List<BuildWarningEventArgs> Warnings { get; } = [];
    public List<BuildMessageEventArgs> Messages { get; } = [];

    public bool ContinueOnError => false;
    public int LineNumberOfTaskNode => 0;
    public int ColumnNumberOfTaskNode => 0;
    public string ProjectFileOfTaskNode => "test.csproj";

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);
    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);
    public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e);
    public void LogCustomEvent(CustomBuildEventArgs e) { }

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) =>
        throw new NotSupportedException();
}

[AttributeUsage(AttributeTargets.Assembly)]
internal sealed class EngineLocationAttribute(string path) : Attribute
{
    public string Path { get; } = path;

    public static string EnginePath =>
        System.IO.Path.GetFullPath(typeof(EngineLocationAttribute).Assembly.GetCustomAttributes(typeof(EngineLocationAttribute), false)
            .Cast<EngineLocationAttribute>().Single().Path);
}
