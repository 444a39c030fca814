using Microsoft.ML;

namespace MlBuildTasks.Runtime;

/// <summary>
/// The base of a model package's generated predictor (<c>ChurnModel</c>): loads the model after checking its files'
/// SHA-256, checks each input against the signature, and predicts through a pool of engines, so one instance serves
/// any number of threads (register it as a singleton). The generated class adds <see cref="ToRow"/>: the typed input
/// mapped to the columns the model reads.
/// </summary>
/// <typeparam name="TInput">The generated input class (nullable properties, the data's column names in JSON).</typeparam>
/// <typeparam name="TRow">The generated row class ML.NET reads: one field per model column.</typeparam>
/// <typeparam name="TOutput">The generated output class.</typeparam>
public abstract class ModelPredictor<TInput, TRow, TOutput> : IDisposable
    where TInput : class
    where TRow : class
    where TOutput : class, IModelOutput, new()
{
    private readonly ITransformer _model;
    private readonly SignatureRules _rules;
    private readonly EnginePool<TRow, TOutput> _engines;

    protected ModelPredictor(string model, ModelOptions? options)
    {
        Options = options ?? new ModelOptions();
        ModelDirectory = Path.GetFullPath(Options.ModelDirectory ?? AppContext.BaseDirectory);

        // Every file read below is checked first; metrics and lineage only when present (they are information, not the model).
        var files = new List<string> { model + ".zip", model + ".signature.json" };
        files.AddRange(new[] { model + ".metrics.json", model + ".lineage.json" }.Where(f => File.Exists(Path.Combine(ModelDirectory, f))));
        ModelIntegrity.Verify(ModelDirectory, model, [.. files]);

        var signature = SignatureFile.Read(Path.Combine(ModelDirectory, model + ".signature.json"));
        _rules = new SignatureRules(signature);
        Info = ModelInfo.Read(ModelDirectory, model, signature);
        var log = Options.Log?.Validated(signature);
        var format = log is null ? null : new PredictionRecordFormat<TRow, TOutput>(Info, (IReadOnlySet<string>)log.ExcludedColumns);

        var ml = new MLContext();
        _model = ml.Model.Load(Path.Combine(ModelDirectory, model + ".zip"), out _);
        _engines = new EnginePool<TRow, TOutput>(() => ml.Model.CreatePredictionEngine<TRow, TOutput>(_model), Math.Max(1, Options.MaxIdleEngines));
        if (log is not null)
        {
            Log = new PredictionLog(model, log, format!);
            Feedback = new FeedbackLog(log.Directory!, model, signature.Label);
        }
    }

    public ModelOptions Options { get; }

    /// <summary>The folder the model was loaded from.</summary>
    public string ModelDirectory { get; }

    public ModelInfo Info { get; }

    public ModelSignature Signature => Info.Signature;

    /// <summary>The prediction log (<see cref="ModelOptions.Log"/>), with its statistics; null when predictions are not logged.</summary>
    public PredictionLog? Log { get; }

    /// <summary>Where the app records true labels as they arrive, next to the prediction log; null when predictions are not logged.</summary>
    public FeedbackLog? Feedback { get; }

    /// <summary>The input as the model reads it; each value goes through <paramref name="check"/>.</summary>
    protected abstract TRow ToRow(TInput input, InputCheck check);

    /// <summary>Checks the input against the signature and predicts. Thread-safe.</summary>
    /// <exception cref="ModelInputException">The input breaks the signature and <see cref="ModelOptions.InvalidInput"/> is <see cref="InvalidInputBehavior.Throw"/>.</exception>
    public TOutput Predict(TInput input)
    {
        var (row, issues) = Checked(input, row: null);
        var engine = _engines.Rent();
        try
        {
            return Done(row, engine.Predict(row), issues);
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    /// <summary>
    /// Predicts every input, in order. Every input is checked before anything is predicted, so a refused one (its
    /// position in <see cref="ModelInputException.Row"/>) leaves no partial result. Thread-safe.
    /// </summary>
    public IReadOnlyList<TOutput> PredictBatch(IEnumerable<TInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var rows = inputs.Select((input, position) => Checked(input, position)).ToList();
        var outputs = new TOutput[rows.Count];
        var engine = _engines.Rent();
        try
        {
            for (var i = 0; i < rows.Count; i++) outputs[i] = Done(rows[i].Row, engine.Predict(rows[i].Row), rows[i].Issues);
        }
        finally
        {
            _engines.Return(engine);
        }

        return outputs;
    }

    private (TRow Row, IReadOnlyList<InputIssue> Issues) Checked(TInput input, int? row)
    {
        ArgumentNullException.ThrowIfNull(input);
        var check = _rules.Begin();
        var mapped = ToRow(input, check);
        if (check.HasRefusals && Options.InvalidInput == InvalidInputBehavior.Throw)
            throw new ModelInputException(_rules.Model, check.Issues.Where(i => i.Refused).ToList(), row);
        return (mapped, check.Issues);
    }

    /// <summary>A predicted output with its issues and a new id, queued for the log when it is in the sample (never throws, never waits).</summary>
    private TOutput Done(TRow row, TOutput output, IReadOnlyList<InputIssue> issues)
    {
        var (id, text) = PredictionIds.New();
        output.InputIssues = issues;
        output.PredictionId = text;
        Log?.Add(id, text, row, output, issues);
        return output;
    }

    /// <summary>Releases the engines and the model; writes the prediction log's queued records and closes its file.</summary>
    public void Dispose()
    {
        Log?.Dispose();
        _engines.Dispose();
        (_model as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
    }
}
