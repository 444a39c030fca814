using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ChurnPrediction.Service;

/// <summary>
/// <c>POST /echo</c>, mapped only with <c>Bench:Echo=true</c> (bench/service.sh sets <c>Bench__Echo=true</c>): the same
/// HTTP and JSON work as <c>POST /predict</c> (read and check the input, write an output) without the model, the baseline
/// that the benchmark divides the prediction throughput by.
/// </summary>
internal static class BenchEndpoints
{
    private static readonly ChurnModelOutput Constant = new() { PredictedLabel = false, Score = -1f, Probability = 0.25f };

    public static void MapBenchEchoEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/echo", async (HttpRequest request, ChurnModel model, IOptions<JsonOptions> json) =>
        {
            var body = await JsonBody.ReadAsync<ChurnModelInput>(request, json.Value.SerializerOptions, model.Signature, "one customer");
            if (body.Problem is { } problem) return problem;
            return PredictionEndpoints.Unknown(body.Value!, model, "") ?? Results.Ok(Constant);
        });
}
