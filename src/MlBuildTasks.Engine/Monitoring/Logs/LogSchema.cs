using System.Text;

namespace MlBuildTasks.Engine.Monitoring.Logs;

/// <summary>
/// The input and output names a reader looks for (as the log writes them: the columns' names as written), each
/// with its position. Records usually list their values in the same order, so the reader tries the next expected name
/// before searching: matching a name costs one comparison of its UTF-8 bytes, with no string made.
/// </summary>
public sealed class LogSchema(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
{
    private readonly byte[][] _inputs = inputs.Select(Encoding.UTF8.GetBytes).ToArray();
    private readonly byte[][] _outputs = outputs.Select(Encoding.UTF8.GetBytes).ToArray();

    public IReadOnlyList<string> Inputs { get; } = inputs;

    public IReadOnlyList<string> Outputs { get; } = outputs;

    internal byte[][] Names(LogSide side) => side == LogSide.Input ? _inputs : _outputs;
}
