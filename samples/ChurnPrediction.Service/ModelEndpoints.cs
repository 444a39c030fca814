using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlBuildTasks.Runtime;

namespace ChurnPrediction.Service;

/// <summary>Loading the model at startup, <c>GET /model</c> and the health checks.</summary>
internal static class ModelStartup
{
    /// <summary>Resolves (loads) the model; false, with the reason logged, when its files fail their integrity check.</summary>
    public static bool Load(WebApplication app)
    {
        try
        {
            var model = app.Services.GetRequiredService<ChurnModel>();
            app.Logger.LogInformation("Serving model {Model} of package {PackageId} {Version} from {Directory}",
                model.Info.Name, model.Info.PackageId, model.Info.Version, model.ModelDirectory);
            return true;
        }
        catch (ModelIntegrityException failed)
        {
            app.Logger.LogCritical("The model cannot be served, the service stops: {Reason}", failed.Message);
            return false;
        }
    }

    public static void MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        // Name, package id and version, signature, test metrics and lineage, as the package recorded them.
        app.MapGet("/model", (ChurnModel model) => Results.Ok(model.Info));

        // Live: the process answers. Ready: the model is loaded (the "ready" checks pass).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
    }
}

/// <summary>Ready when the model resolves: it loads on first use and throws (unhealthy) when its files fail their check.</summary>
internal sealed class ModelHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var model = services.GetRequiredService<ChurnModel>();
        return Task.FromResult(HealthCheckResult.Healthy($"{model.Info.Name} {model.Info.Version} loaded"));
    }
}
