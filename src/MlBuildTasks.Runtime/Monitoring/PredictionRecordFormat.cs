using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.ML.Data;

namespace MlBuildTasks.Runtime;

/// <summary>Writes a <see cref="PredictionRecord"/> as one JSON object (docs/monitoring.md#prediction-log-format).</summary>
internal interface IPredictionRecordFormat
{
    /// <summary>A copy of an output, taken on the prediction's thread, so the caller changing it later cannot change the log.</summary>
    object Snapshot(object output);

    void Write(Utf8JsonWriter json, in PredictionRecord record);
}

/// <summary>
/// The record format of one model: its row's properties mapped to the signature's inputs (by <c>[ColumnName]</c> =
/// <see cref="SignatureInput.ModelColumn"/>) and its output's ML.NET columns, found once when the model loads.
/// </summary>
internal sealed class PredictionRecordFormat<TRow, TOutput> : IPredictionRecordFormat where TRow : class where TOutput : class
{
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly Func<object, object> s_clone = (Func<object, object>)Delegate.CreateDelegate(
        typeof(Func<object, object>), typeof(object).GetMethod("MemberwiseClone", BindingFlags.Instance | BindingFlags.NonPublic)!);

    private readonly string _model;
    private readonly string? _version;
    private readonly (string Name, PropertyInfo Property, bool Boolean)[] _inputs;
    private readonly (string Name, PropertyInfo Property)[] _outputs;

    public PredictionRecordFormat(ModelInfo info, IReadOnlySet<string> excluded)
    {
        _model = info.Name;
        _version = info.Version;
        var rowProperties = typeof(TRow).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .ToDictionary(ColumnOf, StringComparer.Ordinal);
        _inputs = info.Signature.Inputs
            .Where(i => !excluded.Contains(i.Name))
            .Select(i => rowProperties.TryGetValue(i.ModelColumn, out var property)
                ? (i.Name, property, i.Type == "boolean")
                : throw new InvalidOperationException(
                    $"{typeof(TRow).Name} has no property for model column '{i.ModelColumn}' of model '{info.Name}': the generated code does not match the signature."))
            .ToArray();
        _outputs = typeof(TOutput).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<NoColumnAttribute>() is null)
            .Select(p => (ColumnOf(p), p))
            .ToArray();
    }

    /// <summary>The column a property is to ML.NET: its <c>[ColumnName]</c> (whose name ML.NET keeps internal, so read from the attribute's data), else its own name.</summary>
    private static string ColumnOf(PropertyInfo property) =>
        property.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType == typeof(ColumnNameAttribute))?.ConstructorArguments is [{ Value: string name }]
            ? name
            : property.Name;

    public object Snapshot(object output) => s_clone(output);

    public void Write(Utf8JsonWriter json, in PredictionRecord record)
    {
        json.WriteStartObject();
        json.WriteString("id", record.Id);
        json.WriteString("time", record.Time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));
        json.WriteString("model", _model);
        if (_version is null) json.WriteNull("version");
        else json.WriteString("version", _version);

        json.WriteStartObject("inputs");
        foreach (var (name, property, boolean) in _inputs)
        {
            json.WritePropertyName(name);
            WriteValue(json, property.GetValue(record.Row), boolean, emptyIsNull: true);
        }

        json.WriteEndObject();

        json.WriteStartObject("outputs");
        foreach (var (name, property) in _outputs)
        {
            json.WritePropertyName(name);
            WriteValue(json, property.GetValue(record.Output), boolean: false, emptyIsNull: false);
        }

        json.WriteEndObject();

        if (record.Issues is { Count: > 0 } issues)
        {
            json.WriteStartArray("issues");
            foreach (var issue in issues) json.WriteStringValue($"{issue.Input}: {issue.Kind}");
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    /// <summary>
    /// A value as the model read or returned it: a number (null for NaN or infinite, which JSON cannot write), a boolean
    /// input's 1/0 as true/false, text (an input's empty text, the model's missing value, as null), a vector as an array.
    /// </summary>
    private static void WriteValue(Utf8JsonWriter json, object? value, bool boolean, bool emptyIsNull)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case float number when boolean && number is 0 or 1:
                json.WriteBooleanValue(number == 1);
                break;
            case float number:
                if (float.IsFinite(number)) json.WriteNumberValue(number);
                else json.WriteNullValue();
                break;
            case double number:
                if (double.IsFinite(number)) json.WriteNumberValue(number);
                else json.WriteNullValue();
                break;
            case bool flag:
                json.WriteBooleanValue(flag);
                break;
            case string text:
                if (emptyIsNull && text.Length == 0) json.WriteNullValue();
                else json.WriteStringValue(text);
                break;
            case int number:
                json.WriteNumberValue(number);
                break;
            case uint number:
                json.WriteNumberValue(number);
                break;
            case long number:
                json.WriteNumberValue(number);
                break;
            case ulong number:
                json.WriteNumberValue(number);
                break;
            case System.Collections.IEnumerable values:
                json.WriteStartArray();
                foreach (var item in values) WriteValue(json, item, boolean, emptyIsNull);
                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
