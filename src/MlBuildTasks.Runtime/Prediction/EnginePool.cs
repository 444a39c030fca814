using System.Collections.Concurrent;
using Microsoft.ML;

namespace MlBuildTasks.Runtime;

/// <summary>
/// ML.NET's PredictionEngine is not thread-safe and costs a few milliseconds to create: each caller rents one, uses it
/// alone and returns it. Up to <c>maxIdle</c> idle engines are kept; a burst beyond that creates more and drops them after.
/// </summary>
internal sealed class EnginePool<TRow, TOutput>(Func<PredictionEngine<TRow, TOutput>> create, int maxIdle) : IDisposable
    where TRow : class where TOutput : class, new()
{
    private readonly ConcurrentBag<PredictionEngine<TRow, TOutput>> _idle = [];

    public PredictionEngine<TRow, TOutput> Rent() => _idle.TryTake(out var engine) ? engine : create();

    public void Return(PredictionEngine<TRow, TOutput> engine)
    {
        if (_idle.Count < maxIdle) _idle.Add(engine);
        else engine.Dispose();
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var engine)) engine.Dispose();
    }
}
