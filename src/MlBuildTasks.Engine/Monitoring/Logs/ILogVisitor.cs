namespace MlBuildTasks.Engine.Monitoring.Logs;

/// <summary>
/// What <see cref="PredictionLogReader"/> tells as it streams a prediction log: one call per record and per value, no
/// record object in between (10 million rows are read in constant memory). Columns are the positions in the
/// <see cref="LogSchema"/> the reader was given; a value of a column the schema does not name is skipped.
/// </summary>
public interface ILogVisitor
{
    /// <summary>A record starts; <paramref name="id"/> is its prediction id as UTF-8 (32 hex digits).</summary>
    void BeginRecord(ReadOnlySpan<byte> id);

    void Number(LogSide side, int column, double value);

    void Text(LogSide side, int column, ReadOnlySpan<char> value);

    void Boolean(LogSide side, int column, bool value);

    /// <summary>A null value: a missing input (the model imputed it).</summary>
    void Missing(LogSide side, int column);

    void EndRecord();
}

/// <summary>Whether a value is one of the record's <c>inputs</c> or <c>outputs</c>.</summary>
public enum LogSide
{
    Input,
    Output,
}
