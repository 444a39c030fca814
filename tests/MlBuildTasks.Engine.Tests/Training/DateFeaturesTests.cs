using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;
using MlBuildTasks.Engine.Training;

namespace MlBuildTasks.Engine.Tests.Training;

/// <summary>Date columns become year, month, day, day of week and hour inside the model, from the raw text.</summary>
[TestClass]
public sealed class DateFeaturesTests
{
    private sealed class Row
    {
        public string When { get; set; } = "";
        public float Label { get; set; }
    }

    /// <summary>The parts as .NET reads the text the way ML.NET does (invariant culture, offsets to UTC), or null when it does not parse.</summary>
    private static float[]? Expected(string text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) && d.Ticks != 0
            ? [d.Year, d.Month, d.Day, (int)d.DayOfWeek, d.Hour]
            : null;

    private static IDataView View(MLContext ml, IEnumerable<string> dates) => ml.Data.LoadFromEnumerable(dates.Select(d => new Row { When = d }).ToList());

    private static float[][] Features(ITransformer model, IDataView view) =>
        model.Transform(view).GetColumn<VBuffer<float>>("__f_When").Select(v => v.DenseValues().ToArray()).ToArray();

    /// <summary>The featurization of a spec with one date column "When", fitted on <paramref name="dates"/>, saved and loaded again.</summary>
    private static (ITransformer Fitted, ITransformer Loaded) FitAndReload(MLContext ml, IReadOnlyList<string> dates)
    {
        var spec = SpecText.Parse(DataScans.WithColumns("regression", "Price", "\"When\": { \"type\": \"date\" }"));
        var schema = ResolvedSchema.Resolve(spec, ["When", "Price"], _ => [], new DiagnosticList());
        var train = View(ml, dates);
        var fitted = FeaturePipeline.Build(ml, schema, TrainerCatalog.Get(ModelTask.Regression, "fast-tree"), train).Fit(train);
        using var saved = new MemoryStream();
        ml.Model.Save(fitted, train.Schema, saved);
        saved.Position = 0;
        return (fitted, new MLContext(2).Model.Load(saved, out _));
    }

    [TestMethod]
    public void TheModelComputesThePartsFromTheRawTextAndFillsMissingOnesWithTheTrainingMean()
    {
        var ml = new MLContext(1);
        string[] dates = ["2024-03-31T13:45:00", "1999-12-31 23:59", "2000-02-29", "2024-06-15T08:00:00+02:00", "", "not a date"];
        var (fitted, loaded) = FitAndReload(ml, dates);

        var parsed = dates.Select(Expected).OfType<float[]>().ToList();
        Assert.HasCount(4, parsed);
        CollectionAssert.AreEqual(new float[] { 2024, 3, 31, 0, 13 }, parsed[0], "a Sunday, 13:45");
        CollectionAssert.AreEqual(new float[] { 2024, 6, 15, 6, 6 }, parsed[3], "08:00 at +02:00 is 06:00 UTC, a Saturday");
        var means = Enumerable.Range(0, DateFeatures.Parts.Count).Select(slot => parsed.Average(p => p[slot])).ToArray();

        foreach (var model in new[] { fitted, loaded })
        {
            var features = Features(model, View(ml, dates));
            for (var row = 0; row < dates.Length; row++)
            {
                var expected = Expected(dates[row]) ?? means.Select(m => (float)m).ToArray();
                CollectionAssert.AreEqual(expected, features[row], $"'{dates[row]}': {string.Join(", ", features[row])}");
            }
        }
    }

    [TestMethod]
    public void TheReloadedModelGetsThePartsOfEveryDayFromYear1To9999Right()
    {
        var ml = new MLContext(1);
        var (_, loaded) = FitAndReload(ml, ["2024-01-01"]);
        // Every 37th day with a changing hour, and the ends of the range and the leap days that trip calendars up.
        var days = Enumerable.Range(1, 3_652_058 / 37).Select(i => new DateTime(1, 1, 1).AddDays(i * 37).AddHours(i % 24))
            .Concat([new(1, 1, 2), new(9999, 12, 31, 23, 0, 0), new(1900, 2, 28), new(1900, 3, 1), new(2000, 2, 29), new(2100, 3, 1), new(1600, 2, 29)])
            .Select(d => d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)).ToList();

        var features = Features(loaded, View(ml, days));

        var wrong = days.Where((d, i) => !Expected(d)!.SequenceEqual(features[i])).Take(3).ToList();
        Assert.IsEmpty(wrong, string.Join("; ", wrong));
    }

    [TestMethod]
    public void AModelTrainedOnADateLearnsTheWeekendFromTheRawText()
    {
        // Sales are 100 more on weekends and grow with the hour; the date is the only feature.
        var data = new StringBuilder("When,Sales\n");
        var random = new Random(5);
        for (var i = 0; i < 400; i++)
        {
            var when = new DateTime(2023, 1, 1).AddDays(random.Next(700)).AddHours(random.Next(24));
            var weekend = when.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var sales = (weekend ? 150 : 50) + when.Hour + random.NextDouble();
            data.Append(CultureInfo.InvariantCulture, $"{(i % 25 == 0 ? "" : when.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))},{sales:0.00}\n");
        }

        using var project = ModelProject.Create("""{ "task": "regression", "data": "data.csv", "label": "Sales", "trainer": "fast-tree", "columns": { "When": { "type": "date" } } }""", data.ToString());
        var diagnostics = new DiagnosticList();
        var result = project.Train(diagnostics);
        Assert.IsTrue(result.Succeeded, DiagnosticAssert.Describe(diagnostics));

        var ml = new MLContext(1);
        var model = ml.Model.Load(File.OpenRead(result.ModelPath), out var input);
        Assert.AreEqual(TextDataViewType.Instance, input["When"].Type, "the app passes the date as it appears in the data");
        float Predict(string when) => model.Transform(View(ml, [when])).GetColumn<float>("Score").Single();

        Assert.IsGreaterThan(Predict("2026-03-18 12:00") + 60, Predict("2026-03-21 12:00"), "a Saturday sells more than a Wednesday");
        Assert.IsGreaterThan(Predict("2026-03-18 02:00") + 10, Predict("2026-03-18 22:00"), "later hours sell more");
        Assert.IsTrue(float.IsFinite(Predict("")), "a missing date is filled, not NaN");
    }

    [TestMethod]
    [DataRow("yyyy-MM-dd")]
    [DataRow("yyyy-MM-dd HH:mm")]
    [DataRow("MM/dd/yyyy")]
    [DataRow("dd MMM yyyy")]
    public void ADateFormatTheModelReadsAlikeIsAccepted(string format)
    {
        var diagnostics = new DiagnosticList();
        var spec = SpecText.Parse(DataScans.WithColumns("regression", "Price", $$"""
            "X": { "type": "date", "dateFormat": "{{format}}" }
            """), diagnostics);

        Assert.IsEmpty(diagnostics.Items, DiagnosticAssert.Describe(diagnostics));
        Assert.AreEqual(format, spec.FindColumn("X")!.DateFormat);
    }

    [TestMethod]
    [DataRow("dd/MM/yyyy", "")]
    [DataRow("yyyyMMdd", "")]
    [DataRow("dd.MM.yyyy", "")]
    [DataRow("dd MMMM yyyy", "de-DE")]
    public void ADateFormatTheModelWouldReadDifferentlyIsMLB1005AtTheFormatUnlessTheColumnIsIgnored(string format, string culture)
    {
        var source = culture.Length == 0 ? "" : $$""", "testData": { "path": "test.csv", "culture": "{{culture}}" }""";
        var json = DataScans.WithColumns("regression", "Price", $$"""
            "X": { "type": "date", "dateFormat": "{{format}}" }
            """).Replace("\n}\n", source + "\n}\n", StringComparison.Ordinal);
        var diagnostics = new DiagnosticList();

        DiagnosticAssert.Throws(() => SpecText.Parse(json, diagnostics), DiagnosticCodes.SpecInvalidValue);

        var error = DiagnosticAssert.Single(diagnostics, DiagnosticCodes.SpecInvalidValue);
        var (line, column) = TextPosition.Of(json, 6, "\"dateFormat\"");
        DiagnosticAssert.At(error, SpecText.DefaultPath, line, column);
        StringAssert.Contains(error.Message, "ignore");
        if (culture.Length > 0) StringAssert.Contains(error.Message, culture, "the invariant data reads it; the test data's culture does not");

        var ignored = new DiagnosticList();
        SpecText.Parse(json.Replace("\"type\": \"date\",", "\"type\": \"date\", \"ignore\": true,", StringComparison.Ordinal), ignored);
        Assert.IsEmpty(ignored.Items, DiagnosticAssert.Describe(ignored));
    }
}
