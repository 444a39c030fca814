using System.Text;
using System.Text.Json;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Evaluation;
using MlBuildTasks.Engine.Training;

namespace MlBuildTasks.Engine.Spec;

/// <summary>
/// Reads a <c>*.mlmodel.json</c> and checks it field by field, reporting every problem (MLB1xxx) at its
/// line and column. The rules mirror <c>schemas/mlmodel.schema.json</c>; a test keeps the field lists equal.
/// </summary>
public static class SpecParser
{
    public const string SpecSuffix = ".mlmodel.json";

    internal static readonly string[] RootFields =
        ["$schema", "task", "data", "testData", "label", "positiveClass", "columns", "trainer", "seed", "testFraction", "gates"];

    internal static readonly string[] ColumnFields = ["type", "required", "min", "max", "allowed", "ignore"];

    internal static readonly string[] GateFields = ["metric", "min", "max"];

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Parses the spec file; throws <see cref="MlBuildException"/> after reporting when it is unusable.</summary>
    public static ModelSpec Load(string specPath, IDiagnosticSink sink, string? modelName = null)
    {
        specPath = Path.GetFullPath(specPath);
        if (!File.Exists(specPath))
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.SpecNotFound,
                $"The model spec '{specPath}' does not exist. Check the MlModel item's Include path."));
        return Parse(specPath, File.ReadAllBytes(specPath), sink, modelName);
    }

    public static ModelSpec Parse(string specPath, byte[] utf8, IDiagnosticSink sink, string? modelName = null)
    {
        var bytes = utf8.AsSpan();
        if (bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[3..];

        JsonDocument document;
        JsonLocations locations;
        try
        {
            document = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            locations = JsonLocations.Map(specPath, bytes, ReaderOptions);
        }
        catch (JsonException ex)
        {
            // JsonException counts bytes within the line; diagnostics count characters.
            var lineStarts = JsonLocations.LineStarts(bytes);
            var lineIndex = (int)Math.Min(ex.LineNumber ?? 0, lineStarts.Count - 1);
            var (line, column) = JsonLocations.Position(lineStarts, bytes, lineStarts[lineIndex] + (ex.BytePositionInLine ?? 0));
            var reason = ex.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0];
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.SpecInvalidJson,
                $"The model spec is not valid JSON: {reason}", new SourceLocation(specPath, line, column)));
        }

        using (document)
        {
            var reader = new Reader(specPath, modelName ?? DefaultName(specPath), locations, sink);
            var spec = reader.ReadRoot(document.RootElement);
            if (reader.ErrorCount > 0 || spec is null)
                throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.SpecInvalidValue,
                    $"The model spec has {reader.ErrorCount} error(s); see above.", new SourceLocation(specPath)));
            return spec;
        }
    }

    /// <summary>The model name of a spec file, unless the MlModel item sets ModelName: <c>Churn.mlmodel.json</c> gives <c>Churn</c>.</summary>
    public static string DefaultName(string specPath)
    {
        var file = Path.GetFileName(specPath);
        return file.EndsWith(SpecSuffix, StringComparison.OrdinalIgnoreCase) ? file[..^SpecSuffix.Length] : Path.GetFileNameWithoutExtension(file);
    }

    private sealed class Reader(string specPath, string name, JsonLocations at, IDiagnosticSink sink)
    {
        public int ErrorCount { get; private set; }

        private void Error(string code, string pointer, string message)
        {
            ErrorCount++;
            sink.Report(Diagnostic.Error(code, message, at.At(pointer)));
        }

        public ModelSpec? ReadRoot(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Error(DiagnosticCodes.SpecInvalidValue, "", $"The model spec must be a JSON object, found {Describe(root)}.");
                return null;
            }

            CheckFields(root, "", RootFields, "the model spec");

            var taskName = RequiredString(root, "task", "the task: " + string.Join(", ", ModelTaskNames.All));
            ModelTask task = default;
            var taskKnown = taskName is not null && ModelTaskNames.TryParse(taskName, out task);
            if (taskName is not null && !taskKnown)
                Error(DiagnosticCodes.SpecUnknownTask, "/task",
                    $"Unknown task '{taskName}'. Expected one of: {string.Join(", ", ModelTaskNames.All)}.{Suggest(taskName, ModelTaskNames.All)}");

            var data = RequiredString(root, "data", "the path of the training data file (CSV), relative to the spec");
            var label = RequiredString(root, "label", "the name of the column to predict");
            var testData = OptionalString(root, "testData");
            var positiveClass = OptionalString(root, "positiveClass");
            if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('/'))
                Error(DiagnosticCodes.SpecInvalidValue, "", $"The model name '{name}' cannot be used as a file name. Use letters, digits, '.', '-' or '_' (it comes from the spec's file name or the MlModel item's ModelName).");

            var seed = ReadSeed(root);
            var testFraction = ReadTestFraction(root);
            var columns = ReadColumns(root);

            string? trainer = OptionalString(root, "trainer");
            if (taskKnown)
            {
                if (trainer is null) trainer = TrainerCatalog.DefaultFor(task);
                else if (!TrainerCatalog.Exists(task, trainer))
                    Error(DiagnosticCodes.SpecUnknownTrainer, "/trainer",
                        $"Unknown trainer '{trainer}' for task '{taskName}'. Expected one of: {string.Join(", ", TrainerCatalog.NamesFor(task))}.{Suggest(trainer, TrainerCatalog.NamesFor(task))}");
            }

            var gates = ReadGates(root, taskKnown ? task : null);

            if (ErrorCount > 0 || taskName is null || data is null || label is null || trainer is null) return null;

            var directory = Path.GetDirectoryName(specPath)!;
            return new ModelSpec(
                specPath, name, task,
                Path.GetFullPath(Path.Combine(directory, data)),
                testData is null ? null : Path.GetFullPath(Path.Combine(directory, testData)),
                label, positiveClass, columns, trainer, seed, testFraction, gates, at);
        }

        private int ReadSeed(JsonElement root)
        {
            if (!root.TryGetProperty("seed", out var value)) return ModelSpec.DefaultSeed;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var seed) && seed >= 0) return seed;
            Error(DiagnosticCodes.SpecInvalidValue, "/seed", $"'seed' must be a whole number from 0 to {int.MaxValue}, found {Describe(value)}.");
            return ModelSpec.DefaultSeed;
        }

        private double ReadTestFraction(JsonElement root)
        {
            if (!root.TryGetProperty("testFraction", out var value)) return ModelSpec.DefaultTestFraction;
            if (value.ValueKind == JsonValueKind.Number && value.GetDouble() is > 0 and < 1) return value.GetDouble();
            Error(DiagnosticCodes.SpecInvalidValue, "/testFraction", $"'testFraction' must be a number between 0 and 1 (exclusive), such as 0.2; found {Describe(value)}.");
            return ModelSpec.DefaultTestFraction;
        }

        private List<ColumnSpec> ReadColumns(JsonElement root)
        {
            var columns = new List<ColumnSpec>();
            if (!root.TryGetProperty("columns", out var element)) return columns;
            if (element.ValueKind != JsonValueKind.Object)
            {
                Error(DiagnosticCodes.SpecInvalidValue, "/columns", $"'columns' must be an object keyed by column name, found {Describe(element)}.");
                return columns;
            }

            foreach (var property in element.EnumerateObject())
            {
                var pointer = "/columns/" + JsonLocations.Escape(property.Name);
                var column = property.Value;
                if (column.ValueKind != JsonValueKind.Object)
                {
                    Error(DiagnosticCodes.SpecInvalidValue, pointer, $"Column '{property.Name}' must be an object such as {{ \"type\": \"number\" }}, found {Describe(column)}.");
                    continue;
                }

                CheckFields(column, pointer, ColumnFields, $"column '{property.Name}'");
                ColumnType? type = null;
                var typeName = OptionalString(column, "type", pointer);
                if (typeName is not null)
                {
                    if (ColumnTypeNames.TryParse(typeName, out var parsed)) type = parsed;
                    else Error(DiagnosticCodes.SpecInvalidValue, pointer + "/type",
                        $"Unknown type '{typeName}' for column '{property.Name}'. Expected one of: {string.Join(", ", ColumnTypeNames.All)}.{Suggest(typeName, ColumnTypeNames.All)}");
                }

                var min = OptionalNumber(column, "min", pointer);
                var max = OptionalNumber(column, "max", pointer);
                if (min > max) Error(DiagnosticCodes.SpecInvalidValue, pointer + "/max", $"Column '{property.Name}' has max {max} below its min {min}.");
                if ((min is not null || max is not null) && type is not null and not ColumnType.Number)
                    Error(DiagnosticCodes.SpecInvalidValue, pointer + (min is not null ? "/min" : "/max"),
                        $"Column '{property.Name}' has a min/max rule but type '{type.Value.ToName()}'; min and max apply to numbers only.");

                columns.Add(new ColumnSpec(
                    property.Name, type,
                    OptionalBool(column, "required", pointer) ?? false,
                    min, max,
                    ReadAllowed(column, pointer, property.Name),
                    OptionalBool(column, "ignore", pointer) ?? false,
                    at.At(pointer)));
            }

            return columns;
        }

        private List<string>? ReadAllowed(JsonElement column, string pointer, string name)
        {
            if (!column.TryGetProperty("allowed", out var allowed)) return null;
            if (allowed.ValueKind != JsonValueKind.Array || allowed.GetArrayLength() == 0)
            {
                Error(DiagnosticCodes.SpecInvalidValue, pointer + "/allowed", $"'allowed' of column '{name}' must be a non-empty array of values, found {Describe(allowed)}.");
                return null;
            }

            var values = new List<string>();
            var index = 0;
            foreach (var item in allowed.EnumerateArray())
            {
                if (item.ValueKind is JsonValueKind.String) values.Add(item.GetString()!);
                else if (item.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False) values.Add(item.GetRawText());
                else Error(DiagnosticCodes.SpecInvalidValue, $"{pointer}/allowed/{index}", $"Allowed values of column '{name}' must be strings, numbers or booleans, found {Describe(item)}.");
                index++;
            }

            return values;
        }

        private List<GateSpec> ReadGates(JsonElement root, ModelTask? task)
        {
            var gates = new List<GateSpec>();
            if (!root.TryGetProperty("gates", out var element)) return gates;
            if (element.ValueKind != JsonValueKind.Array)
            {
                Error(DiagnosticCodes.SpecInvalidValue, "/gates", $"'gates' must be an array such as [{{ \"metric\": \"auc\", \"min\": 0.8 }}], found {Describe(element)}.");
                return gates;
            }

            var index = 0;
            foreach (var gate in element.EnumerateArray())
            {
                var pointer = "/gates/" + index++;
                if (gate.ValueKind != JsonValueKind.Object)
                {
                    Error(DiagnosticCodes.SpecInvalidValue, pointer, $"A gate must be an object such as {{ \"metric\": \"auc\", \"min\": 0.8 }}, found {Describe(gate)}.");
                    continue;
                }

                CheckFields(gate, pointer, GateFields, "a gate");
                var metric = RequiredString(gate, "metric", "the metric to check", pointer);
                var min = OptionalNumber(gate, "min", pointer);
                var max = OptionalNumber(gate, "max", pointer);
                if (min is null && max is null)
                    Error(DiagnosticCodes.SpecMissingField, pointer, $"The gate on '{metric}' has neither 'min' nor 'max'; add at least one bound.");
                if (min > max)
                    Error(DiagnosticCodes.SpecInvalidValue, pointer + "/max", $"The gate on '{metric}' has max {max} below its min {min}, so it can never pass.");
                if (metric is not null && task is not null && MetricCatalog.Find(task.Value, metric) is null)
                {
                    var names = MetricCatalog.For(task.Value).Select(m => m.Name).ToList();
                    Error(DiagnosticCodes.SpecUnknownMetric, pointer + "/metric",
                        $"Unknown metric '{metric}' for task '{task.Value.ToName()}'. Expected one of: {string.Join(", ", names)}.{Suggest(metric, names)}");
                }

                if (metric is not null) gates.Add(new GateSpec(metric, min, max, at.At(pointer)));
            }

            return gates;
        }

        private void CheckFields(JsonElement element, string pointer, string[] known, string what)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (known.Contains(property.Name, StringComparer.Ordinal)) continue;
                Error(DiagnosticCodes.SpecUnknownField, pointer + "/" + JsonLocations.Escape(property.Name),
                    $"Unknown field '{property.Name}' in {what}. Expected one of: {string.Join(", ", known.Where(k => k != "$schema"))}.{Suggest(property.Name, known)}");
            }
        }

        private string? RequiredString(JsonElement element, string field, string what, string pointer = "")
        {
            if (!element.TryGetProperty(field, out _))
            {
                Error(DiagnosticCodes.SpecMissingField, pointer, $"Missing required field '{field}': {what}.");
                return null;
            }

            return OptionalString(element, field, pointer);
        }

        private string? OptionalString(JsonElement element, string field, string pointer = "")
        {
            if (!element.TryGetProperty(field, out var value)) return null;
            if (value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0) return value.GetString();
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/" + field, $"'{field}' must be a non-empty string, found {Describe(value)}.");
            return null;
        }

        private double? OptionalNumber(JsonElement element, string field, string pointer)
        {
            if (!element.TryGetProperty(field, out var value)) return null;
            if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/" + field, $"'{field}' must be a number, found {Describe(value)}.");
            return null;
        }

        private bool? OptionalBool(JsonElement element, string field, string pointer)
        {
            if (!element.TryGetProperty(field, out var value)) return null;
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
            Error(DiagnosticCodes.SpecInvalidValue, pointer + "/" + field, $"'{field}' must be true or false, found {Describe(value)}.");
            return null;
        }
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };

    /// <summary>" Did you mean 'x'?" for the closest known name within a small edit distance, else "".</summary>
    internal static string Suggest(string found, IEnumerable<string> known)
    {
        var best = known
            .Select(k => (Name: k, Distance: EditDistance(found.ToLowerInvariant(), k.ToLowerInvariant())))
            .OrderBy(p => p.Distance).FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, found.Length / 3) ? $" Did you mean '{best.Name}'?" : "";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
