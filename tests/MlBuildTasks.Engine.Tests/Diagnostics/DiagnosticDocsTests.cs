using System.Reflection;
using System.Text.RegularExpressions;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Diagnostics;

/// <summary>docs/diagnostics.md has a row for every code the engine can emit, and no row for a code that does not exist.</summary>
[TestClass]
public sealed partial class DiagnosticDocsTests
{
    /// <summary>Codes the MSBuild task shim emits itself (src/MlBuildTasks/EngineTask.cs).</summary>
    private static readonly string[] ShimCodes = ["MLB0001", "MLB0003"];

    private static string DocsText() => File.ReadAllText(RepositoryFiles.PathOf("docs", "diagnostics.md"));

    private static IEnumerable<string> EngineCodes() =>
        typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!);

    [TestMethod]
    public void EveryCodeHasARow()
    {
        var documented = DocumentedCodes(DocsText());
        foreach (var code in EngineCodes().Concat(ShimCodes))
            Assert.Contains(code, documented, $"{code} has no row in docs/diagnostics.md");
    }

    [TestMethod]
    public void EveryRowIsARealCode()
    {
        var known = EngineCodes().Concat(ShimCodes).ToHashSet();
        foreach (var code in DocumentedCodes(DocsText()))
            Assert.Contains(code, known, $"docs/diagnostics.md documents {code}, which nothing emits");
    }

    [TestMethod]
    public void CodesAreUniqueAndInTheirStageRange()
    {
        var codes = EngineCodes().ToList();
        Assert.HasCount(codes.Count, codes.Distinct());
        foreach (var code in codes) Assert.IsTrue(CodeShape().IsMatch(code), code);
    }

    private static HashSet<string> DocumentedCodes(string docs) =>
        RowCode().Matches(docs).Select(m => m.Groups[1].Value).ToHashSet();

    [GeneratedRegex(@"^\| (MLB\d{4}) \|", RegexOptions.Multiline)]
    private static partial Regex RowCode();

    [GeneratedRegex(@"^MLB[0-6]\d{3}$")]
    private static partial Regex CodeShape();
}
