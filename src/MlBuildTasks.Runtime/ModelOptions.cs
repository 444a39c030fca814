namespace MlBuildTasks.Runtime;

/// <summary>How a generated predictor (<c>ChurnModel.Load(options)</c>) finds and uses its model.</summary>
public sealed class ModelOptions
{
    /// <summary>
    /// The folder holding <c>&lt;Model&gt;.zip</c>, its signature and its <c>.sha256</c> list. Default: the app's own folder
    /// (<see cref="AppContext.BaseDirectory"/>), where the model package copies them.
    /// </summary>
    public string? ModelDirectory { get; set; }

    /// <summary>What happens to an input outside the signature: refused (the default) or predicted and flagged.</summary>
    public InvalidInputBehavior InvalidInput { get; set; } = InvalidInputBehavior.Throw;

    /// <summary>How many idle prediction engines are kept for reuse; more concurrent callers get engines of their own. Default: twice the processor count.</summary>
    public int MaxIdleEngines { get; set; } = Environment.ProcessorCount * 2;

    /// <summary>
    /// Logs each sampled prediction's inputs and outputs to JSON Lines files in the background (docs/monitoring.md).
    /// Null, the default: nothing is logged.
    /// </summary>
    public PredictionLogOptions? Log { get; set; }
}
