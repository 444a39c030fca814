using System.Globalization;
using System.Text;
using MlBuildTasks.Engine.Artifacts;
using MlBuildTasks.Engine.Spec;
using MlBuildTasks.Runtime;

namespace MlBuildTasks.Engine.Packaging;

/// <summary>The package README: a model card with the model's purpose, metrics, performance, gates, slices, signature, limits and lineage.</summary>
public static class ModelCard
{
    private static string N(double value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Render(MetricsDocument metrics, Lineage lineage, string? description, ModelSignature signature)
    {
        var text = new StringBuilder();
        text.AppendLine($"# {lineage.PackageId} {lineage.Version}");
        text.AppendLine();
        text.AppendLine(description ?? $"An ML.NET {metrics.Task.ToName()} model predicting `{metrics.Label}`.");
        text.AppendLine();
        text.AppendLine("## Model");
        text.AppendLine();
        text.AppendLine($"- Task: {metrics.Task.ToName()}, label `{metrics.Label}`");
        text.AppendLine($"- Trainer: {metrics.Trainer} (ML.NET {lineage.MlNetVersion}), seed {metrics.Seed}");
        text.AppendLine($"- Data: {metrics.TrainRows} training rows, {metrics.TestRows} test rows");
        foreach (var file in lineage.ModelFiles ?? [new ModelFileChecksum($"model/{metrics.Model}.zip", lineage.ModelSha256)])
            text.AppendLine($"- Model file: `{file.Path}` (SHA-256 `{file.Sha256}`; every file in `model/` is in `{ModelChecksums.PathOf(metrics.Model)}`)");
        if (metrics.Onnx is { } onnx)
            text.AppendLine($"- ONNX: `model/{onnx.File}` (SHA-256 `{onnx.Sha256}`), checked with ONNX Runtime against the ML.NET model on {onnx.Rows} test rows " +
                $"({string.Join(", ", onnx.Outputs)}): largest difference {N(onnx.MaxDifference)}, tolerance {N(onnx.Tolerance)}");
        text.AppendLine();
        text.AppendLine("## Test metrics");
        text.AppendLine();
        text.AppendLine("| metric | value |");
        text.AppendLine("|---|---|");
        foreach (var (name, value) in metrics.Metrics)
            text.AppendLine($"| {name} | {(value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a")} |");
        if (metrics.Performance is { } performance)
        {
            // Measured on the build machine: a guide to the model's cost, not a promise for another machine.
            text.AppendLine();
            text.AppendLine("## Performance (build machine)");
            text.AppendLine();
            text.AppendLine("| figure | value |");
            text.AppendLine("|---|---|");
            foreach (var (name, value) in performance.Metrics)
                text.AppendLine($"| {name} | {(value is { } v ? N(v) : "n/a")} |");
        }

        if (metrics.Gates.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Quality gates");
            text.AppendLine();
            text.AppendLine("| metric | bound | value | baseline | result |");
            text.AppendLine("|---|---|---|---|---|");
            foreach (var gate in metrics.Gates)
            {
                var bound = string.Join(", ", new[]
                {
                    gate.Min is { } min ? $">= {N(min)}" : null, gate.Max is { } max ? $"<= {N(max)}" : null,
                    gate.MaxDrop is { } drop ? $"drop <= {N(drop)}" : null, gate.MaxRelativeDrop is { } relative ? $"relative drop <= {N(relative)}" : null,
                    gate.MinGain is { } gain ? $"gain >= {N(gain)}" : null,
                }.Where(b => b is not null));
                var result = gate.Passed ? "passed" : gate.AcceptedRegression == true ? "**regression accepted**" : "failed";
                text.AppendLine($"| {(gate.Slice is null ? gate.Metric : $"{gate.Metric} ({gate.Slice})")} | {bound} | {gate.Value?.ToString("0.0000", CultureInfo.InvariantCulture) ?? "n/a"} | {gate.Baseline?.ToString("0.0000", CultureInfo.InvariantCulture) ?? ""} | {result} |");
            }
        }

        if (metrics.Slices is { Count: > 0 } slices)
        {
            var names = slices.SelectMany(slice => slice.Metrics.Keys).Distinct().ToList();
            text.AppendLine();
            text.AppendLine("## Slices (test part)");
            text.AppendLine();
            text.AppendLine($"| slice | rows | {string.Join(" | ", names)} |");
            text.AppendLine($"|---|---|{string.Concat(names.Select(_ => "---|"))}");
            foreach (var slice in slices)
                text.AppendLine($"| {slice.Name} | {slice.Rows} | {string.Join(" | ", names.Select(n => slice.Metrics.GetValueOrDefault(n) is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a"))} |");
        }

        text.AppendLine();
        text.AppendLine("## Inputs");
        text.AppendLine();
        text.AppendLine($"The signature (`model/{metrics.Model}.signature.json`) is the contract: removing or retyping a column needs a new major version.");
        text.AppendLine();
        text.AppendLine("| column | model column | kind | .NET type | required | values in training |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var input in signature.Inputs)
            text.AppendLine($"| {input.Name} | `{input.ModelColumn}` | {input.Type} | {input.DataType} | {(input.Required ? "yes" : "no")} | {Values(input)} |");
        text.AppendLine();
        text.AppendLine("## Outputs");
        text.AppendLine();
        text.AppendLine("| column | .NET type | meaning |");
        text.AppendLine("|---|---|---|");
        foreach (var output in signature.Outputs)
            text.AppendLine($"| {output.Name} | {output.DataType} | {output.Meaning}{(output.Classes is { } classes ? $" (classes: {string.Join(", ", classes)})" : "")} |");
        text.AppendLine();
        text.AppendLine("## Limits");
        text.AppendLine();
        text.AppendLine($"- Trained on {metrics.TrainRows} rows; the metrics above are from {metrics.TestRows} held-out rows of the same data, not from production.");
        text.AppendLine("- Numbers outside the ranges above, and categories not listed, were never seen in training: predictions for them are extrapolations.");
        text.AppendLine("- A missing value of an optional column is imputed as in training; the model cannot say it was missing unless the spec asked for a missing indicator.");
        text.AppendLine();
        text.AppendLine("## Use");
        text.AppendLine();
        text.AppendLine($"Reference the package; `{metrics.Model}.zip` is copied to the app's output folder. Load it with ML.NET:");
        text.AppendLine();
        text.AppendLine("```csharp");
        text.AppendLine("var ml = new MLContext();");
        text.AppendLine($"var model = ml.Model.Load(Path.Combine(AppContext.BaseDirectory, \"{metrics.Model}.zip\"), out _);");
        text.AppendLine("var engine = ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(model);");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("## Lineage");
        text.AppendLine();
        foreach (var input in lineage.Inputs) text.AppendLine($"- {input.Role}: `{input.Path}` (XxHash128 `{input.Fingerprint}`)");
        text.AppendLine($"- Git commit: {lineage.GitCommit ?? "none (not a git checkout)"}");
        text.AppendLine($"- Built by MlBuildTasks {lineage.EngineVersion}, trained {lineage.TrainedAtUtc:u}");
        if (lineage.Baseline is { } baseline) text.AppendLine($"- Change gates compared with the baseline {baseline.Describe()}");
        foreach (var regression in lineage.AcceptedRegressions ?? [])
            text.AppendLine($"- Regression accepted (MlAcceptRegression): {regression.Reason}");
        if (lineage.Signature is { BreakingChanges.Count: > 0 } check)
            text.AppendLine($"- Inputs changed incompatibly since {check.ComparedWith}{(check.Accepted ? " (released anyway, MlAcceptBreakingChange)" : "")}: {string.Join("; ", check.BreakingChanges)}");
        return text.ToString();
    }

    private static string Values(SignatureInput input)
    {
        if (input.Range is { } range) return $"{N(range.Min ?? double.NaN)} to {N(range.Max ?? double.NaN)}";
        if (input.Categories is { } domain)
            return string.Join(", ", domain.Values.Take(10)) + (domain.Complete && domain.Values.Count <= 10 ? "" : $" (of {domain.Distinct?.ToString(CultureInfo.InvariantCulture) ?? "more"})");
        return input.DateFormat is { } format ? $"dates, {format}" : "";
    }
}
