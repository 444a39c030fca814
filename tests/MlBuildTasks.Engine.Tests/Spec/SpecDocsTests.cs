using System.Text.RegularExpressions;
using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Validation;

namespace MlBuildTasks.Engine.Tests.Spec;

/// <summary>docs/spec.md documents every field the parser reads, and the defaults the engine uses.</summary>
[TestClass]
public sealed partial class SpecDocsTests
{
    private static string Docs(string file) => File.ReadAllText(RepositoryFiles.PathOf("docs", file)).ReplaceLineEndings("\n");

    /// <summary>The text of the <c>## <paramref name="title"/></c> section of spec.md, up to the next <c>## </c>.</summary>
    private static string Section(string title)
    {
        var text = Docs("spec.md");
        var start = text.IndexOf("\n## " + title + "\n", StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, start, $"spec.md has no section '## {title}'");
        var end = text.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return end < 0 ? text[start..] : text[start..end];
    }

    /// <summary>The backticked names in the first cell of each table row of <paramref name="section"/>.</summary>
    private static HashSet<string> RowNames(string section) =>
        section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(l => Backticked().Matches(l.Split('|')[1]).Select(m => m.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The first table of <paramref name="section"/>: its lines from the first that starts with '|' to the next that does not.</summary>
    private static string FirstTable(string section) =>
        string.Join("\n", section.Split('\n').SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')));

    /// <summary>The backticked names in <paramref name="section"/>'s text and tables (code blocks left out).</summary>
    private static HashSet<string> Mentioned(string section)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var inCode = false;
        foreach (var line in section.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
            else if (!inCode) names.UnionWith(Backticked().Matches(line).Select(m => m.Groups[1].Value));
        }

        return names;
    }

    [TestMethod]
    public void EveryRootFieldHasARowAndEveryRowIsAField() =>
        CollectionAssert.AreEquivalent(SpecParser.RootFields, RowNames(FirstTable(Section("Fields"))).ToList());

    [TestMethod]
    public void EveryColumnFieldHasARowAndEveryRowIsAField() =>
        CollectionAssert.AreEquivalent(SpecParser.ColumnFields, RowNames(FirstTable(Section("Columns"))).ToList());

    [TestMethod]
    public void RuleObjectFieldsAreDescribed() =>
        CollectionAssert.IsSubsetOf(SpecParser.RuleFields, Mentioned(Section("Columns")).ToList());

    [TestMethod]
    public void OutlierObjectFieldsAreDescribed() =>
        CollectionAssert.IsSubsetOf(SpecParser.OutlierFields, Mentioned(Section("Columns")).ToList());

    [TestMethod]
    public void EverySourceFieldIsDescribed() =>
        CollectionAssert.IsSubsetOf(SpecParser.SourceFields, Mentioned(Section("Data sources")).ToList());

    [TestMethod]
    public void EverySourceFormatIsListed()
    {
        var formatRow = Section("Data sources").Split('\n').Single(l => l.StartsWith("| `format` |", StringComparison.Ordinal));
        var listed = Backticked().Matches(formatRow).Select(m => m.Groups[1].Value).ToList();
        CollectionAssert.IsSubsetOf(SpecReader.FormatNames.Keys.ToList(), listed);
        foreach (var extension in listed.Where(e => e.StartsWith('.')))
            Assert.IsTrue(DataSourceFactory.TryFormatFromExtension("data" + extension, out _), $"spec.md lists '{extension}', which DataSourceFactory does not know");
    }

    [TestMethod]
    public void EveryTrainingFieldHasARowAndEveryRowIsAField() =>
        CollectionAssert.AreEquivalent(SpecParser.TrainingFields, RowNames(FirstTable(Section("Training"))).ToList());

    [TestMethod]
    public void TrainingDefaultsAreTheEnginesDefaults()
    {
        var rows = Section("Training").Split('\n');
        string Default(string field) => rows.Single(l => l.StartsWith($"| `{field}` |", StringComparison.Ordinal)).Split('|')[2].Trim();
        Assert.AreEqual($"`{TrainingSpec.DefaultTrials}`", Default("trials"));
        Assert.AreEqual($"`{TrainingSpec.DefaultFolds}`", Default("folds"));
        Assert.AreEqual($"`{TrainingSpec.DefaultTimeLimitSeconds}`", Default("timeLimit"));
    }

    [TestMethod]
    public void EveryTrainersHyperparametersAreListed()
    {
        var section = Section("Trainers");
        foreach (var task in Enum.GetValues<ModelTask>())
            foreach (var name in MlBuildTasks.Engine.Training.TrainerCatalog.NamesFor(task))
                foreach (var parameter in MlBuildTasks.Engine.Training.TrainerCatalog.Get(task, name).Space)
                    Assert.Contains($"`{parameter.Name}`", section, $"{name}'s '{parameter.Name}' is not in spec.md's Trainers section");
    }

    [TestMethod]
    public void EveryDataSetCheckHasARowAndEveryRowIsACheck() =>
        CollectionAssert.AreEquivalent(SpecParser.DatasetCheckFields, RowNames(FirstTable(Section("Data-set checks"))).ToList());

    [TestMethod]
    public void DataSetCheckDefaultsAreTheEnginesDefaults()
    {
        var rows = Section("Data-set checks").Split('\n');
        string Default(string check) => rows.Single(l => l.StartsWith($"| `{check}` |", StringComparison.Ordinal)).Split('|')[2].Trim();

        StringAssert.StartsWith(Default("maxLeakage"), $"`{DatasetChecks.DefaultMaxLeakage}`");
        StringAssert.StartsWith(Default("maxSkew"), $"`{DatasetChecks.DefaultMaxSkew}`, warning");
        Assert.AreEqual("`\"warning\"`", Default("constantColumns"));
        var parsed = SpecText.Parse(SpecText.Minimal("regression")).Checks;
        Assert.AreEqual((CheckSeverity.Warning, CheckSeverity.Warning, CheckSeverity.Warning), (parsed.MaxLeakage!.Severity, parsed.MaxSkew!.Severity, parsed.ConstantColumns));
    }

    [TestMethod]
    public void TheListedCellLimitIsTheEnginesDefault() =>
        Assert.Contains($"failing cells (default {ValidationOptions.DefaultMaxListedPerCheck}) per check", Docs("diagnostics.md").Replace("\n", " ", StringComparison.Ordinal));

    [TestMethod]
    public void ColumnTypesAreTheParsersTypes()
    {
        var typeRow = Section("Columns").Split('\n').Single(l => l.StartsWith("| `type` |", StringComparison.Ordinal));
        CollectionAssert.AreEquivalent(ColumnTypeNames.All.ToList(), Backticked().Matches(typeRow.Split('|')[2]).Select(m => m.Groups[1].Value).ToList());
    }

    [GeneratedRegex("`([^`\n]+)`")]
    private static partial Regex Backticked();
}
