using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MlBuildTasks.Runtime;

namespace ChurnPrediction.Service;

/// <summary><c>POST /predict</c> (one input) and <c>POST /predict/batch</c> (an array of inputs, in order).</summary>
internal static class PredictionEndpoints
{
    private const string OneInput = "one customer as a JSON object with the model's inputs (GET /model lists them)";
    private const string Inputs = "a JSON array of customers, each an object with the model's inputs";

    public static void MapPredictionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/predict", PredictAsync);
        app.MapPost("/predict/batch", PredictBatchAsync);
    }

    private static async Task<IResult> PredictAsync(HttpRequest request, ChurnModel model, IOptions<JsonOptions> json, ILogger<ChurnModel> log)
    {
        var body = await JsonBody.ReadAsync<ChurnModelInput>(request, json.Value.SerializerOptions, model.Signature, OneInput);
        if (body.Problem is { } problem) return problem;
        if (Unknown(body.Value!, model, "") is { } unknown) return unknown;

        try
        {
            return Results.Ok(model.Predict(body.Value!));
        }
        catch (ModelInputException refused)
        {
            log.LogInformation("Refused an input: {Reason}", refused.Message);
            return Refused(refused);
        }
    }

    private static async Task<IResult> PredictBatchAsync(HttpRequest request, ChurnModel model, PredictionSettings settings, IOptions<JsonOptions> json, ILogger<ChurnModel> log)
    {
        var body = await JsonBody.ReadAsync<List<ChurnModelInput?>>(request, json.Value.SerializerOptions, model.Signature, Inputs);
        if (body.Problem is { } problem) return problem;
        var inputs = body.Value!;
        if (inputs.Count > settings.MaxBatchSize)
            return JsonBody.Invalid("$", $"The batch has {inputs.Count:N0} inputs; at most {settings.MaxBatchSize:N0} are taken in one request (Prediction:MaxBatchSize).",
                "The batch is too large.");

        for (var row = 0; row < inputs.Count; row++)
        {
            if (inputs[row] is not { } input) return JsonBody.Invalid($"[{row}]", "The input is null; each item must be a customer object.");
            if (Unknown(input, model, $"[{row}].") is { } unknown) return unknown;
        }

        try
        {
            return Results.Ok(model.PredictBatch(inputs!));
        }
        catch (ModelInputException refused)
        {
            log.LogInformation("Refused a batch of {Count}: {Reason}", inputs.Count, refused.Message);
            return Refused(refused);
        }
    }

    /// <summary>400 naming every input the signature refused, keyed by its column (<c>[row].Column</c> in a batch, with <c>row</c>).</summary>
    private static IResult Refused(ModelInputException refused)
    {
        var prefix = refused.Row is { } row ? $"[{row}]." : "";
        var errors = refused.Issues.GroupBy(i => prefix + i.Input).ToDictionary(g => g.Key, g => g.Select(i => i.Message).ToArray());
        return Results.ValidationProblem(errors, detail: refused.Message, title: "The input is outside the model's signature.",
            extensions: refused.Row is { } r ? new Dictionary<string, object?> { ["row"] = r } : null);
    }

    /// <summary>400 naming the JSON properties that are not inputs of the model, or null when there are none.</summary>
    internal static IResult? Unknown(ChurnModelInput input, ChurnModel model, string prefix)
    {
        if (input.UnknownProperties is not { Count: > 0 } unknown) return null;
        var inputs = string.Join(", ", model.Signature.Inputs.Select(i => i.Name));
        var errors = unknown.Keys.ToDictionary(name => prefix + name, name => new[] { $"'{name}' is not an input of model {model.Info.Name} (its inputs: {inputs})." });
        return Results.ValidationProblem(errors, title: "The request body is not a valid input.");
    }
}
