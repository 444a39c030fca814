using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Caching;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Training;

namespace MlBuildTasks.Engine.Tests.Training;

/// <summary>A number column's <c>clip</c>: read from the spec, and part of the saved model so prediction clips too.</summary>
[TestClass]
public sealed class ClippingTests
{
    private sealed class Row
    {
        public float Size { get; set; }
        public float Label { get; set; }
    }

    private static IDataView View(MLContext ml, IEnumerable<float> sizes) => ml.Data.LoadFromEnumerable(sizes.Select(s => new Row { Size = s, Label = 1 }).ToList());

    /// <summary>The featurization of a spec whose column "Size" is <paramref name="column"/>, fitted on <paramref name="sizes"/>, saved and loaded again.</summary>
    private static (ITransformer Fitted, ITransformer Loaded) FitAndReload(MLContext ml, string column, IReadOnlyList<float> sizes)
    {
        var spec = SpecText.Parse(DataScans.WithColumns("regression", "Price", "\"Size\": " + column));
        var schema = ResolvedSchema.Resolve(spec, ["Size", "Price"], _ => [], new DiagnosticList());
        var train = View(ml, sizes);
        var fitted = FeaturePipeline.Build(ml, schema, TrainerCatalog.Get(ModelTask.Regression, "fast-tree"), train).Fit(train);
        using var saved = new MemoryStream();
        ml.Model.Save(fitted, train.Schema, saved);
        saved.Position = 0;
        return (fitted, new MLContext(2).Model.Load(saved, out _));
    }

    private static float[] Feature(MLContext ml, ITransformer model, params float[] sizes) =>
        model.Transform(View(ml, sizes)).GetColumn<float>("__f_Size").ToArray();

    [TestMethod]
    public void ConstantBoundsClipInTrainingAndPredictionAndTheMeanIsOfTheClippedValues()
    {
        var ml = new MLContext(1);
        var (fitted, loaded) = FitAndReload(ml, """{ "type": "number", "clip": [50, 150] }""", [10, 50, 100, 150, 300, float.NaN]);

        // Clipped: 50, 50, 100, 150, 150; their mean 100 fills the missing value.
        CollectionAssert.AreEqual(new float[] { 50, 50, 100, 150, 150, 100 }, Feature(ml, fitted, 10, 50, 100, 150, 300, float.NaN));
        CollectionAssert.AreEqual(new float[] { 50, 150, 75, 100 }, Feature(ml, loaded, -1000, 1e9f, 75, float.NaN));
    }

    [TestMethod]
    public void ANullBoundLeavesThatSideOpen()
    {
        var ml = new MLContext(1);
        var (_, loaded) = FitAndReload(ml, """{ "type": "number", "clip": [0, null], "impute": -1 }""", [-5, 3, 1e6f]);

        CollectionAssert.AreEqual(new float[] { 0, 3, 1e6f, -1 }, Feature(ml, loaded, -5, 3, 1e6f, float.NaN), "missing stays missing through the clip, then the constant fills it");
    }

    [TestMethod]
    public void IqrClipsToTukeysFencesOfTheFittedRows()
    {
        var ml = new MLContext(1);
        // 1..20 and 1000: Q1 = 6, Q3 = 16 (linear interpolation), so the fences are 6 - 15 = -9 and 16 + 15 = 31.
        var sizes = Enumerable.Range(1, 20).Select(i => (float)i).Append(1000).ToList();
        var (fitted, loaded) = FitAndReload(ml, """{ "type": "number", "clip": "iqr" }""", sizes);

        Assert.AreEqual(31f, Feature(ml, fitted, 1000).Single());
        CollectionAssert.AreEqual(new float[] { -9, 31, 10 }, Feature(ml, loaded, -50, 1000, 10));
    }

    [TestMethod]
    public void TheSpecReadsClip()
    {
        var spec = SpecText.Parse(SpecText.Minimal("regression", more: """
            "columns": { "A": { "type": "number", "clip": "iqr" }, "B": { "clip": [0, 10.5] }, "C": { "type": "number", "clip": [null, 5], "scale": "min-max" } }
            """));

        Assert.AreEqual(Clip.IqrFences, spec.FindColumn("A")!.Preprocessing!.Clip);
        Assert.AreEqual(new Clip(false, 0, 10.5), spec.FindColumn("B")!.Preprocessing!.Clip);
        Assert.AreEqual(new Preprocessing(Scale: ScaleMethod.MinMax, Clip: new Clip(false, null, 5)), spec.FindColumn("C")!.Preprocessing);
    }

    [TestMethod]
    [DataRow("\"iqm\"")]
    [DataRow("[5, 1]")]
    [DataRow("[1]")]
    [DataRow("[null, null]")]
    [DataRow("[0, \"10\"]")]
    [DataRow("true")]
    public void ABadClipIsMLB1005AtTheField(string clip)
    {
        var json = DataScans.WithColumns("regression", "Price", "\"X\": { \"type\": \"number\", \"clip\": " + clip + " }");
        var diagnostics = new DiagnosticList();

        DiagnosticAssert.Throws(() => SpecText.Parse(json, diagnostics), DiagnosticCodes.SpecInvalidValue);

        var (line, column) = TextPosition.Of(json, 6, "\"clip\"");
        DiagnosticAssert.At(DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecInvalidValue), SpecText.DefaultPath, line, column);
    }

    [TestMethod]
    public void ClipIsPartOfTheTrainingCacheKey()
    {
        static string Key(string column) => TrainingCacheKey.For(SpecText.Parse(DataScans.WithColumns("regression", "Price", "\"X\": " + column)), []);

        var keys = new[] { """{ "type": "number" }""", """{ "type": "number", "clip": "iqr" }""", """{ "type": "number", "clip": [0, 10] }""", """{ "type": "number", "clip": [0, 11] }""" }
            .Select(Key).ToList();

        Assert.HasCount(keys.Count, keys.Distinct().ToList());
    }
}
