using System.Globalization;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Engine.Monitoring.Drift;
using MlBuildTasks.Engine.Monitoring.Live;
using MlBuildTasks.Engine.Monitoring.Logs;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Monitoring;

/// <summary>
/// <c>mlbuild monitor</c> / <c>MlCheckDrift</c>: what to compare. <paramref name="Reference"/> is a model package or a
/// folder with its profile; <paramref name="Logs"/> the folder of the app's prediction logs; <paramref name="Spec"/> the
/// spec whose <c>monitoring</c> applies (default: the one in the package); <paramref name="Feedback"/> ground-truth labels
/// (default: <c>&lt;Model&gt;.feedback.jsonl</c> in the logs folder, when there).
/// </summary>
/// <paramref name="Reference"/> <c>release</c> asks for the highest stable version of <paramref name="PackageId"/> on
/// <paramref name="ReleaseFeed"/> (else the <paramref name="PackageOutput"/> folder), as the version rules find releases.
public sealed record MonitorRequest(string Reference, string Logs, string OutputDirectory, string? Model = null, string? Spec = null, string? Feedback = null,
    string? PackageId = null, string? ReleaseFeed = null, string? PackageOutput = null, string? ProjectDirectory = null);

/// <summary>
/// The drift check: streams the prediction logs once, each logged input into its column's accumulator and the predicted
/// label (or a regression's score) into the prediction's, compares them with the training profile by the spec's
/// <c>monitoring</c> limits, joins the predictions that got feedback into live metrics and gates them, and writes
/// <c>drift.json</c> and the reports. Retrain when the dataset drifted or a live gate was missed (MLB6001, MLB6008);
/// each drifted column is a warning (MLB6002), prediction drift too (MLB6003).
/// </summary>
public static class MonitorRun
{
    /// <summary>The CLI's exit code when the check says to retrain (errors are 1).</summary>
    public const int RetrainExitCode = 2;

    private static readonly string[] Outputs = ["PredictedLabel", "Score", "Probability"];

    public static DriftDocument Execute(MonitorRequest request, IDiagnosticSink sink)
    {
        var reference = request.Reference == ModelReference.LatestRelease && request.PackageId is { } id
            ? ModelReference.LatestReleaseOf(id, request.ReleaseFeed, request.PackageOutput ?? ".", request.ProjectDirectory ?? Directory.GetCurrentDirectory(), request.Model)
            : ModelReference.Open(request.Reference, request.Model);
        var spec = LoadSpec(request, reference, sink);
        var monitoring = spec?.Monitoring ?? MonitoringSpec.Default;
        var limits = monitoring.Limits.Over(DriftLimits.Defaults);

        var features = reference.Profile.Columns.Where(c => c.Role == "feature").ToList();
        foreach (var (name, column) in monitoring.Columns)
            if (!reference.Profile.Columns.Any(c => c.Name == name))
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.MonitorUnknownColumn,
                    $"'monitoring.columns' names '{name}', which the model's training data did not have. Its columns: {string.Join(", ", features.Select(c => c.Name))}.", column.Location));

        var compared = features.Where(c => !(monitoring.Columns.TryGetValue(c.Name, out var m) && m.Ignore))
            .Select(c => (Profile: c, Limits: (monitoring.Columns.TryGetValue(c.Name, out var m) ? m.Limits : new DriftLimits()).Over(limits)))
            .Select(c => (c.Profile, c.Limits, Accumulator: ColumnDriftAccumulator.For(c.Profile, Thresholds(c.Limits, monitoring))))
            .Where(c => c.Accumulator is not null)
            .ToList();

        var label = reference.Profile.Columns.FirstOrDefault(c => c.Role == "label");
        var task = reference.Metrics?.Task;
        var predictionColumn = label is null ? null : PredictionReference(label, task);
        var prediction = predictionColumn is null ? null : ColumnDriftAccumulator.For(predictionColumn, Thresholds(limits, monitoring));

        var files = PredictionLogReader.FilesIn(request.Logs, reference.Model);
        if (files.Count == 0)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.MonitorNoLogs,
                $"No prediction logs of model '{reference.Model}' in '{request.Logs}' ({reference.Model}.predictions.*.jsonl): there is nothing to compare. Point the check at the folder the app's PredictionLog writes to (ModelOptions.Log.Directory)."));

        var feedback = ReadFeedback(request, reference.Model, sink);
        var live = feedback is not null && task is { } liveTask ? new LiveMetrics(liveTask, spec?.PositiveClass) : null;
        var visitor = new DriftVisitor(compared.Select(c => c.Accumulator!).ToList(), prediction, task, feedback, live);
        var schema = new LogSchema(compared.Select(c => c.Profile.Name).ToList(), Outputs);
        var scan = PredictionLogReader.Read(files, schema, visitor);
        if (scan.MalformedLines > 0)
            sink.Report(Diagnostic.Warning(DiagnosticCodes.MonitorMalformedLog,
                $"{scan.MalformedLines:N0} line(s) of the prediction logs are not a prediction record and were skipped (the first: {scan.FirstMalformed}).",
                Location(scan.FirstMalformed)));
        if (scan.Records == 0)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.MonitorNoLogs,
                $"The prediction logs of model '{reference.Model}' in '{request.Logs}' hold no records ({files.Count} file(s)): there is nothing to compare."));

        var columns = compared.Select(c => Verdict(c.Accumulator!.Result(), c.Limits)).ToList();
        var predictionVerdict = prediction is null ? null : Verdict(prediction.Result(), limits);
        var dataset = DatasetDrift.Of(columns.Select(c => c.Drift with { Drifted = c.Drifted }), Thresholds(limits, monitoring));
        var liveDocument = live is null ? null : Gate(live, feedback!, reference, spec, monitoring, sink);

        var reasons = new List<string>();
        if (dataset.Drifted) reasons.Add($"dataset drift: {dataset.DriftedColumns} of {dataset.ComparedColumns} columns drifted (the limit is {Percent(dataset.Threshold)})");
        foreach (var gate in liveDocument?.Gates.Where(g => !g.Passed) ?? []) reasons.Add($"live {gate.Metric} {Number(gate.Value)} missed its gate (line {gate.Line})");

        var document = new DriftDocument(DriftDocument.CurrentSchemaVersion, reference.Model,
            new DriftReferenceInfo(reference.Model, reference.Source, reference.Version, reference.Profile.Rows),
            new DriftCurrent(request.Logs, scan.Files, scan.Records, scan.MalformedLines, scan.FirstMalformed),
            columns, predictionVerdict, dataset, liveDocument, reasons.Count > 0, reasons);
        Report(document, sink);
        DriftReports.Write(request.OutputDirectory, document);
        // One line at every verbosity, whatever the verdict: what was compared, the answer, and where the reports are.
        sink.Message($"{reference.Model}: drift check of {scan.Records:N0} logged predictions against {(reference.Version is null ? "the training profile" : $"version {reference.Version}")}: " +
            $"{dataset.DriftedColumns} of {dataset.ComparedColumns} columns drifted, {(document.Retrain ? "RETRAIN" : "no need to retrain")} " +
            $"-> {DriftReports.JsonPath(request.OutputDirectory, reference.Model)} (.md, .html)", important: true);
        return document;
    }

    private static ModelSpec? LoadSpec(MonitorRequest request, ModelReference reference, IDiagnosticSink sink)
    {
        if (request.Spec is not null) return SpecParser.Load(request.Spec, sink, reference.Model);
        if (reference.SpecJson is null) return null;
        // The released model's spec, as the package carries it: its paths are not read, only its monitoring section.
        return SpecParser.Parse(Path.Combine(request.Reference, reference.Model + SpecParser.SpecSuffix), reference.SpecJson, sink, reference.Model);
    }

    private static FeedbackFile? ReadFeedback(MonitorRequest request, string model, IDiagnosticSink sink)
    {
        var path = request.Feedback ?? Path.Combine(request.Logs, model + ".feedback.jsonl");
        if (!File.Exists(path))
        {
            if (request.Feedback is not null)
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.MonitorFeedbackUnreadable, $"The feedback file '{path}' does not exist."));
            return null;
        }

        var feedback = FeedbackFile.Read(path);
        if (feedback.Malformed > 0)
            sink.Report(Diagnostic.Warning(DiagnosticCodes.MonitorFeedbackUnreadable,
                $"{feedback.Malformed:N0} line(s) of the feedback file are not {{\"id\": ..., \"label\": ...}} records and were skipped (the first: {feedback.FirstMalformed}).",
                Location(feedback.FirstMalformed)));
        return feedback;
    }

    /// <summary>What the predictions are compared with: the label's profile, as a prediction column (a binary model's predicted label is a boolean).</summary>
    private static ColumnProfileDocument? PredictionReference(ColumnProfileDocument label, ModelTask? task) => task switch
    {
        ModelTask.BinaryClassification or ModelTask.MulticlassClassification => label with
        {
            Name = "PredictedLabel",
            Type = task == ModelTask.BinaryClassification ? "boolean" : "category",
            // The log writes a binary prediction as true/false, whatever case the data had.
            TopValues = task == ModelTask.BinaryClassification ? label.TopValues?.Select(v => v with { Value = v.Value.ToLowerInvariant() }).ToList() : label.TopValues,
        },
        ModelTask.Regression => label with { Name = "Score" },
        _ => null,
    };

    private static DriftThresholds Thresholds(DriftLimits limits, MonitoringSpec monitoring) =>
        new(limits.PValue!.Value, limits.Distance!.Value, limits.PsiModerate!.Value, limits.PsiMajor!.Value, DatasetShare: monitoring.DatasetDriftShare);

    private static ColumnVerdict Verdict(ColumnDrift drift, DriftLimits limits)
    {
        var missingRose = drift.CurrentMissingRate - drift.ReferenceMissingRate > limits.MaxMissingIncrease!.Value;
        var unseen = drift.UnseenRate is { } rate && rate > limits.MaxUnseen!.Value;
        return new ColumnVerdict(drift, limits.MaxMissingIncrease!.Value, missingRose, limits.MaxUnseen!.Value, unseen);
    }

    private static LiveMetricsDocument Gate(LiveMetrics live, FeedbackFile feedback, ModelReference reference, ModelSpec? spec, MonitoringSpec monitoring, IDiagnosticSink sink)
    {
        var metrics = live.Compute();
        var gates = new List<GateResult>();
        if (spec is not null && monitoring.Gates.Count > 0 && live.Rows > 0)
        {
            // The gates' own evaluator and messages, recoded as the live-metric codes and with the released model's test metrics as the baseline.
            var baseline = reference.Metrics is null ? null : new BaselineMetrics(reference.Source, reference.Metrics.Metrics);
            gates.AddRange(GateEvaluator.Evaluate(spec with { Gates = monitoring.Gates }, metrics, baseline, acceptRegression: false, new LiveGateSink(sink)).Results);
        }

        var note = live.Rows == 0 ? "no logged prediction has feedback yet" : null;
        return new LiveMetricsDocument(feedback.Path, feedback.Labels.Count, live.Rows, metrics.ToDictionary(m => m.Key, m => double.IsFinite(m.Value) ? m.Value : (double?)null), gates, note);
    }

    private static void Report(DriftDocument document, IDiagnosticSink sink)
    {
        foreach (var column in document.Columns.Where(c => c.Drifted))
            sink.Report(Diagnostic.Warning(DiagnosticCodes.MonitorColumnDrift, $"{document.Model}: column '{column.Drift.Column}' drifted: {Describe(column)}."));
        if (document.Prediction is { Drifted: true } prediction)
            sink.Report(Diagnostic.Warning(DiagnosticCodes.MonitorPredictionDrift, $"{document.Model}: the predictions drifted from the training labels: {Describe(prediction)}."));
        if (document.Dataset.Drifted)
            sink.Report(Diagnostic.Error(DiagnosticCodes.MonitorDatasetDrift,
                $"{document.Model}: retrain: {document.Dataset.DriftedColumns} of {document.Dataset.ComparedColumns} columns drifted ({Percent(document.Dataset.Share)}, the limit is {Percent(document.Dataset.Threshold)}) in {document.Current.Records:N0} logged predictions."));
        if (!document.Retrain)
            sink.Report(Diagnostic.Info(DiagnosticCodes.MonitorNoDrift,
                $"{document.Model}: no need to retrain: {document.Dataset.DriftedColumns} of {document.Dataset.ComparedColumns} columns drifted (the limit is {Percent(document.Dataset.Threshold)}) in {document.Current.Records:N0} logged predictions" +
                (document.Live is { JoinedRows: > 0 } live ? $"; live metrics on {live.JoinedRows:N0} rows with feedback held their gates" : "") + "."));
    }

    /// <summary>"normed Wasserstein 0.23 (limit 0.1), PSI 0.41 (major), missing 0% -> 12%".</summary>
    internal static string Describe(ColumnVerdict verdict)
    {
        var drift = verdict.Drift;
        var parts = new List<string>();
        var test = NameOf(drift.Test);
        parts.Add(drift.PValue is { } p ? $"{test} p = {Number(p)} (drift below {Number(drift.Threshold)})" : $"{test} {Number(drift.Statistic)} (drift from {Number(drift.Threshold)})");
        if (drift.Psi is { } psi) parts.Add($"PSI {Number(psi)} ({drift.PsiBand.ToString().ToLowerInvariant()})");
        if (verdict.MissingRose) parts.Add($"missing {Percent(drift.ReferenceMissingRate)} -> {Percent(drift.CurrentMissingRate)} (limit +{Percent(verdict.MaxMissingIncrease)})");
        if (verdict.TooManyUnseen) parts.Add($"{Percent(drift.UnseenRate!.Value)} of values never seen in training (limit {Percent(verdict.MaxUnseen)})");
        return string.Join(", ", parts);
    }

    /// <summary>How messages and reports name a drift test.</summary>
    internal static string NameOf(DriftTest test) => test switch
    {
        DriftTest.KolmogorovSmirnov => "Kolmogorov-Smirnov",
        DriftTest.ChiSquared => "chi-squared",
        DriftTest.Wasserstein => "normed Wasserstein distance",
        _ => "Jensen-Shannon distance",
    };

    internal static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";

    internal static string Percent(double value) => value.ToString("0.#%", CultureInfo.InvariantCulture);

    /// <summary>"path(12)" as a diagnostic location.</summary>
    private static SourceLocation? Location(string? place)
    {
        if (place is null) return null;
        var open = place.LastIndexOf('(');
        return open > 0 && int.TryParse(place[(open + 1)..^1], CultureInfo.InvariantCulture, out var line) ? new SourceLocation(place[..open], line) : null;
    }

    /// <summary>Gates on live metrics report as MLB6008 (missed) or MLB6000 (held), with "live" in the message.</summary>
    private sealed class LiveGateSink(IDiagnosticSink inner) : IDiagnosticSink
    {
        public void Report(Diagnostic diagnostic)
        {
            var code = diagnostic.Code is DiagnosticCodes.GatePassed ? DiagnosticCodes.MonitorNoDrift
                : diagnostic.Code.StartsWith("MLB40", StringComparison.Ordinal) ? DiagnosticCodes.MonitorLiveGateFailed : diagnostic.Code;
            inner.Report(diagnostic with { Code = code, Message = "Live metrics: " + diagnostic.Message });
        }

        public void Message(string text, bool important = false) => inner.Message(text, important);
    }
}
