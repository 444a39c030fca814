using System.Text.RegularExpressions;

namespace MlBuildTasks.IntegrationTests.Infrastructure;

/// <summary>A diagnostic as MSBuild prints it: <c>file(line,col): error CODE: message [project]</c>.</summary>
public sealed record BuildDiagnostic(string? File, int Line, int Column, string Severity, string Code, string Message);

/// <summary>What a dotnet command did: exit code, output, and the diagnostics parsed from it.</summary>
public sealed partial class DotnetResult(string command, int exitCode, string output, string? binlog)
{
    public string Command { get; } = command;
    public int ExitCode { get; } = exitCode;
    public string Output { get; } = output;
    public string? Binlog { get; } = binlog;

    public IReadOnlyList<BuildDiagnostic> Diagnostics { get; } = Parse(output);
    public IEnumerable<BuildDiagnostic> Errors => Diagnostics.Where(d => d.Severity == "error");

    public override string ToString() => $"`{Command}` exited {ExitCode}{(Binlog is null ? "" : $" (binlog: {Binlog})")}\n{Output}";

    private static List<BuildDiagnostic> Parse(string output)
    {
        var found = new List<BuildDiagnostic>();
        foreach (var line in output.Split('\n'))
        {
            var match = Canonical().Match(line.Trim());
            if (!match.Success) continue;
            var diagnostic = new BuildDiagnostic(
                match.Groups["file"].Value,
                match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value) : 0,
                match.Groups["col"].Success ? int.Parse(match.Groups["col"].Value) : 0,
                match.Groups["severity"].Value,
                match.Groups["code"].Value,
                match.Groups["message"].Value.Trim());
            if (!found.Contains(diagnostic)) found.Add(diagnostic); // MSBuild repeats errors in its summary
        }

        return found;
    }

    [GeneratedRegex(@"^(?<file>[^\s(][^(]*?)(\((?<line>\d+),(?<col>\d+)\))?\s*:\s*(?:\w+\s+)?(?<severity>error|warning)\s+(?<code>[A-Z]+\d+)\s*:\s*(?<message>.*?)(\s+\[[^\]]+\])?$")]
    private static partial Regex Canonical();
}
