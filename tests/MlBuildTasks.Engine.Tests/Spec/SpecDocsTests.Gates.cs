using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Tests.Spec;

/// <summary>spec.md's performance figures and gate fields are the engine's.</summary>
public sealed partial class SpecDocsTests
{
    [TestMethod]
    public void EveryPerformanceFigureHasARowAndEveryRowIsAFigure()
    {
        var section = Section("Metrics");
        var performance = section[section.IndexOf("### Performance", StringComparison.Ordinal)..];
        CollectionAssert.AreEquivalent(MetricCatalog.Performance.Select(m => m.Name).ToList(), RowNames(FirstTable(performance)).ToList());
        foreach (var figure in MetricCatalog.Performance)
            StringAssert.Contains(performance, $"`{figure.Name}` {(figure.HigherIsBetter ? "↑" : "↓")}", figure.Name);
    }

    [TestMethod]
    public void EveryBaselineFieldHasARowAndEveryRowIsAField()
    {
        var section = Section("Gates");
        CollectionAssert.AreEquivalent(SpecParser.BaselineFields.ToList(),
            RowNames(FirstTable(section[section.IndexOf("`baseline` fields", StringComparison.Ordinal)..])).ToList());
    }

    [TestMethod]
    public void EveryGateFieldHasARowAndEveryRowIsAField() =>
        CollectionAssert.AreEquivalent(SpecParser.GateFields.ToList(), RowNames(FirstTable(Section("Gates"))).ToList());
}
