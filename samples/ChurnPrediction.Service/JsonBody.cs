using System.Text.Json;
using MlBuildTasks.Runtime;

namespace ChurnPrediction.Service;

/// <summary>A request body read as JSON: the value, or the problem details to answer with instead.</summary>
internal readonly record struct JsonBody<T>(T? Value, IResult? Problem);

/// <summary>
/// Reads request bodies as JSON, turning everything that can go wrong into RFC 7807 problem details: not JSON (415), an
/// empty body, malformed JSON, a value of the wrong type (400, keyed by its place: <c>Tenure</c>, <c>[3].Tenure</c>).
/// </summary>
internal static class JsonBody
{
    public static async Task<JsonBody<T>> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options, ModelSignature signature, string expected)
        where T : class
    {
        if (!request.HasJsonContentType())
            return new(null, Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The body must be JSON.",
                detail: $"Send {expected} with 'Content-Type: application/json'."));

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, request.HttpContext.RequestAborted);
            return value is null ? new(null, Invalid("$", $"The body is null; send {expected}.")) : new(value, null);
        }
        catch (JsonException failed)
        {
            // Malformed JSON is a problem of the whole body; a value of the wrong type is keyed by its place.
            var malformed = failed.InnerException is JsonException || failed.Path is null;
            return new(null, Invalid(malformed ? "$" : Key(failed.Path), Describe(failed, malformed, signature, expected)));
        }
    }

    /// <summary>A 400 validation problem with one error.</summary>
    public static IResult Invalid(string key, string message, string title = "The request body is not a valid input.") =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [key] = [message] }, title: title);

    /// <summary>A JSON path as an error key: <c>$.Tenure</c> is <c>Tenure</c>, <c>$[3].Tenure</c> is <c>[3].Tenure</c>; the whole body is <c>$</c>.</summary>
    private static string Key(string? path) => path is null or "$" ? "$" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path[1..];

    private static string Describe(JsonException failed, bool malformed, ModelSignature signature, string expected)
    {
        var reason = failed.Message.Split(" Path: ")[0].Split(" LineNumber: ")[0];
        var where = failed.LineNumber is { } line ? $" (line {line + 1}, byte {failed.BytePositionInLine + 1})" : "";

        // The reader's own errors (not JSON at all, or cut short) come wrapped; everything else is a value of the wrong type.
        if (malformed)
            return failed.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal)
                ? $"The body is empty; send {expected}."
                : $"The body is not valid JSON: {reason}{where}";

        var property = (failed.Path ?? "$").Split('.')[^1];
        var input = signature.Inputs.FirstOrDefault(i => string.Equals(i.Name, property, StringComparison.OrdinalIgnoreCase));
        if (input is not null)
            return $"'{input.Name}' must be {input.Type switch { "number" => "a number", "boolean" => "true or false", _ => "a string" }}" +
                   $"{(input.Required ? "" : " or null")}{where}.";
        return failed.Path == "$" ? $"The body must be {expected}." : $"{reason.TrimEnd('.')}{where}.";
    }
}
