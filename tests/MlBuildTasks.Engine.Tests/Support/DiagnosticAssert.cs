using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Tests.Support;

/// <summary>Assertions on reported diagnostics: exact codes, files, lines and columns.</summary>
internal static class DiagnosticAssert
{
    /// <summary>The codes reported, in order, equal <paramref name="codes"/>.</summary>
    public static void Codes(DiagnosticList diagnostics, params string[] codes) =>
        Assert.AreEqual(string.Join(", ", codes), string.Join(", ", diagnostics.Items.Select(d => d.Code)), Describe(diagnostics));

    /// <summary>
    /// The codes reported, in order, leaving out MLB2030 (train/test skew) warnings: a small random split has some
    /// skew by chance, and tests of other stages should not depend on it (SplitChecksTests test skew itself).
    /// </summary>
    public static void CodesBesidesSkew(DiagnosticList diagnostics, params string[] codes) =>
        Assert.AreEqual(string.Join(", ", codes), string.Join(", ", WithoutSkew(diagnostics).Select(d => d.Code)), Describe(diagnostics));

    /// <summary>The diagnostics reported, without MLB2030 (train/test skew) warnings.</summary>
    public static List<Diagnostic> WithoutSkew(DiagnosticList diagnostics) =>
        diagnostics.Items.Where(d => !(d.Code == DiagnosticCodes.DataSkew && d.Severity == Severity.Warning)).ToList();

    /// <summary>Exactly one diagnostic has <paramref name="code"/>; returns it.</summary>
    public static Diagnostic Single(DiagnosticList diagnostics, string code)
    {
        var matching = diagnostics.Items.Where(d => d.Code == code).ToList();
        Assert.HasCount(1, matching, $"Expected one {code}. {Describe(diagnostics)}");
        return matching[0];
    }

    public static void At(Diagnostic diagnostic, string? file, int line, int column)
    {
        Assert.AreEqual(file, diagnostic.File, diagnostic.ToString());
        Assert.AreEqual((line, column), (diagnostic.Line, diagnostic.Column), diagnostic.ToString());
    }

    public static void IsError(Diagnostic diagnostic, string code, string? file, int line, int column)
    {
        Assert.AreEqual(Severity.Error, diagnostic.Severity, diagnostic.ToString());
        Assert.AreEqual(code, diagnostic.Code, diagnostic.ToString());
        At(diagnostic, file, line, column);
    }

    /// <summary>Runs <paramref name="action"/>, expects an <see cref="MlBuildException"/> and returns its diagnostic.</summary>
    public static Diagnostic Throws(Action action, string code)
    {
        var exception = Assert.ThrowsExactly<MlBuildException>(action);
        Assert.AreEqual(code, exception.Diagnostic.Code, exception.Diagnostic.ToString());
        return exception.Diagnostic;
    }

    public static string Describe(DiagnosticList diagnostics) =>
        "Reported: " + (diagnostics.Items.Count == 0 ? "nothing" : string.Join(Environment.NewLine, diagnostics.Items));
}
