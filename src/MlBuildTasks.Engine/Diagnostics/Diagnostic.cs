namespace MlBuildTasks.Engine.Diagnostics;

public enum Severity { Error, Warning, Info }

/// <summary>
/// One finding, in the shape MSBuild and IDEs understand: code, file, line and column (1-based, 0 when
/// unknown) and a message that says what was expected, what was found and how to fix it.
/// </summary>
public sealed record Diagnostic(Severity Severity, string Code, string Message, string? File = null, int Line = 0, int Column = 0)
{
    public static Diagnostic Error(string code, string message, SourceLocation? at = null) =>
        new(Severity.Error, code, message, at?.File, at?.Line ?? 0, at?.Column ?? 0);

    public static Diagnostic Warning(string code, string message, SourceLocation? at = null) =>
        new(Severity.Warning, code, message, at?.File, at?.Line ?? 0, at?.Column ?? 0);

    /// <summary>A result worth a code and a place but no action, such as a gate that passed (an MSBuild message, not a warning).</summary>
    public static Diagnostic Info(string code, string message, SourceLocation? at = null) =>
        new(Severity.Info, code, message, at?.File, at?.Line ?? 0, at?.Column ?? 0);

    /// <summary>The canonical MSBuild form: <c>file(line,col): error CODE: message</c>.</summary>
    public override string ToString()
    {
        var severity = Severity switch { Severity.Error => "error", Severity.Warning => "warning", _ => "info" };
        var origin = File is null ? "mlbuild" : Line > 0 ? $"{File}({Line},{Math.Max(Column, 1)})" : File;
        return $"{origin}: {severity} {Code}: {Message}";
    }
}

/// <summary>A place in a file: the spec's JSON or a data file's cell.</summary>
public sealed record SourceLocation(string File, int Line = 0, int Column = 0);
