using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Engine.Tests.Support;

namespace MlBuildTasks.Engine.Tests.Spec;

/// <summary>The spec's <c>training</c> object: values read, and each mistake reported at its field.</summary>
[TestClass]
public sealed class SpecReaderTrainingTests
{
    private static string Spec(string training) => SpecText.Minimal("binary-classification", more: $"\"training\": {training}");

    private static Diagnostic Fails(string json, string code)
    {
        var diagnostics = new DiagnosticList();
        Assert.ThrowsExactly<MlBuildException>(() => SpecText.Parse(json, diagnostics));
        return DiagnosticAssert.Single(diagnostics, code);
    }

    [TestMethod]
    public void EveryFieldIsRead()
    {
        var training = SpecText.Parse(Spec("""
            { "trainers": ["lbfgs-logistic", "gam"], "search": "grid", "trials": 7, "timeLimit": 30.5, "metric": "log-loss",
              "folds": 4, "groupBy": "Plan", "parallel": 1, "space": { "gam": { "learningRate": { "min": 0.01, "max": 0.05 } } } }
            """)).Training!;

        CollectionAssert.AreEqual(new[] { "lbfgs-logistic", "gam" }, training.Trainers.ToArray());
        Assert.AreEqual((SearchStrategy.Grid, 7, 30.5, "log-loss", 4, "Plan", 1), (training.Search, training.Trials, training.TimeLimitSeconds, training.Metric, training.Folds, training.GroupBy, training.Parallelism));
        var rate = training.Space["gam"].Single(h => h.Name == "learningRate");
        Assert.AreEqual((0.01, 0.05, 0.01), (rate.Min, rate.Max, rate.Default), "the default is clamped into the declared range");
    }

    [TestMethod]
    public void TrainerAndTrainingTogetherIsMLB1005AtTheTrainer()
    {
        var json = SpecText.Minimal("binary-classification", more: "\"trainer\": \"fast-tree\",\n  \"training\": { \"trials\": 3 }");
        var error = Fails(json, DiagnosticCodes.SpecInvalidValue);
        Assert.AreEqual(TextPosition.Of(json, 5, "\"trainer\"").Line, error.Line);
    }

    [TestMethod]
    public void AnUnknownCandidateIsMLB1009WithASuggestion()
    {
        var error = Fails(Spec("""{ "trainers": ["fast-tre"] }"""), DiagnosticCodes.SpecUnknownTrainer);
        Assert.Contains("Did you mean 'fast-tree'?", error.Message);
    }

    [TestMethod]
    public void AnUnknownSearchIsMLB1005WithASuggestion() =>
        Assert.Contains("Did you mean 'halving'?", Fails(Spec("""{ "search": "halvin" }"""), DiagnosticCodes.SpecInvalidValue).Message);

    [TestMethod]
    public void AMetricOfAnotherTaskIsMLB1010() =>
        Assert.Contains("Unknown metric 'r-squared'", Fails(Spec("""{ "metric": "r-squared" }"""), DiagnosticCodes.SpecUnknownMetric).Message);

    [TestMethod]
    [DataRow("""{ "trials": 0 }""")]
    [DataRow("""{ "folds": 1 }""")]
    [DataRow("""{ "parallel": 0 }""")]
    [DataRow("""{ "timeLimit": 0 }""")]
    [DataRow("""{ "trainers": [] }""")]
    [DataRow("""{ "trainers": ["gam", "gam"] }""")]
    [DataRow("""{ "groupBy": "Label" }""")]
    [DataRow("""{ "space": { "fast-tree": { "numberOfLeaves": { "min": 64, "max": 8 } } } }""")]
    [DataRow("""{ "space": { "fast-tree": { "numberOfLeaves": [8.5] } } }""")]
    [DataRow("""{ "space": { "fast-tree": { "learningRate": { "min": 0, "max": 1 } } } }""")]
    public void AnUnusableValueIsMLB1005(string training) => Fails(Spec(training), DiagnosticCodes.SpecInvalidValue);

    [TestMethod]
    public void AnUnknownHyperparameterIsMLB1003WithASuggestion() =>
        Assert.Contains("Did you mean 'numberOfLeaves'?", Fails(Spec("""{ "space": { "fast-tree": { "numberOfLeafs": [8] } } }"""), DiagnosticCodes.SpecUnknownField).Message);

    [TestMethod]
    public void AnUnknownTrainingFieldIsMLB1003() =>
        Assert.Contains("Did you mean 'trials'?", Fails(Spec("""{ "trails": 3 }"""), DiagnosticCodes.SpecUnknownField).Message);
}
