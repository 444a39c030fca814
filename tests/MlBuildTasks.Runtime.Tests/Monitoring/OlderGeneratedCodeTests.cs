using Churn;
using Microsoft.ML.Data;
using MlBuildTasks.Runtime.Tests.Support;

namespace MlBuildTasks.Runtime.Tests.Monitoring;

/// <summary>An app's model package generated before prediction ids, compiled against this runtime: it still builds and logs.</summary>
[TestClass]
public sealed class OlderGeneratedCodeTests
{
    /// <summary>An output class as the generator wrote it before <c>PredictionId</c>.</summary>
    private sealed class OldOutput : IModelOutput
    {
        [ColumnName("PredictedLabel")]
        public bool PredictedLabel { get; set; }

        [ColumnName("Score")]
        public float Score { get; set; }

        [ColumnName("Probability")]
        public float Probability { get; set; }

        [NoColumn]
        public IReadOnlyList<InputIssue> InputIssues { get; set; } = [];
    }

    private sealed class OldModel(ModelOptions options) : ModelPredictor<ChurnModelInput, ChurnModel.Row, OldOutput>(ChurnModelFiles.Model, options)
    {
        protected override ChurnModel.Row ToRow(ChurnModelInput input, InputCheck check) => new()
        {
            Tenure = check.Number(0, input.Tenure),
            Contract = check.Category(1, input.Contract),
            SeniorCitizen = check.Boolean(2, input.SeniorCitizen),
        };
    }

    [TestMethod]
    public void AnOutputWithoutPredictionIdStillPredictsAndIsLogged()
    {
        var directory = Checksums.NewDirectory();
        try
        {
            ChurnModelFiles.Write(directory);
            var logs = Path.Combine(directory, "log");
            OldOutput output;
            using (var model = new OldModel(new ModelOptions { ModelDirectory = directory, Log = new PredictionLogOptions { Directory = logs } }))
            {
                output = model.Predict(new ChurnModelInput { Tenure = 3, Contract = "Month-to-month", SeniorCitizen = true });
            }

            Assert.IsTrue(output.PredictedLabel);
            Assert.AreEqual("", ((IModelOutput)output).PredictionId);
            var record = Assert.ContainsSingle(LogFiles.Records(logs));
            Assert.HasCount(32, record.GetProperty("id").GetString()!);
            CollectionAssert.AreEqual(new[] { "PredictedLabel", "Score", "Probability" }, record.GetProperty("outputs").EnumerateObject().Select(p => p.Name).ToArray());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
