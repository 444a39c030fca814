using System.Text.Json.Serialization;
using ChurnPrediction;
using ChurnPrediction.Service;
using MlBuildTasks.Runtime;

// A web service for the model of the ChurnPrediction package (docs/serving.md): POST /predict, POST /predict/batch,
// GET /model, GET /health/live and /health/ready, and with Prediction:LogDirectory POST /feedback. Invalid requests get 400
// problem details (RFC 7807).
var builder = WebApplication.CreateBuilder(args);

var settings = builder.Configuration.GetSection("Prediction").Get<PredictionSettings>() ?? new();
builder.Services.AddSingleton(settings);
// The package's generated registration: one thread-safe ChurnModel for the service's lifetime.
builder.Services.AddChurnModel(model =>
{
    model.InvalidInput = settings.InvalidInput;
    // Prediction:LogDirectory: every prediction logged for the drift check (docs/monitoring.md), never blocking a request.
    if (!string.IsNullOrEmpty(settings.LogDirectory))
        model.Log = new PredictionLogOptions { Directory = settings.LogDirectory, SampleRate = settings.LogSampleRate };
});
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
builder.Services.AddHealthChecks().AddCheck<ModelHealthCheck>("model", tags: ["ready"]);

var app = builder.Build();

// Load the model now, so model files that fail their SHA-256 check stop the service before it takes a request.
if (!ModelStartup.Load(app))
{
    await app.DisposeAsync(); // flushes the log
    return 1;
}

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapPredictionEndpoints();
app.MapModelEndpoints();
if (!string.IsNullOrEmpty(settings.LogDirectory)) app.MapFeedbackEndpoint();
if (app.Configuration.GetValue<bool>("Bench:Echo")) app.MapBenchEchoEndpoint();

app.Run();
return 0;
