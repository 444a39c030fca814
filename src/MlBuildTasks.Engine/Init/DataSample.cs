using MlBuildTasks.Engine.Data.Sources;
using MlBuildTasks.Engine.Diagnostics;

namespace MlBuildTasks.Engine.Init;

/// <summary>
/// The first rows of a data set (at most <see cref="Data.ResolvedSchema.InferenceRows"/>), as text, for
/// inferring a schema: bounded memory whatever the data's size.
/// </summary>
public sealed class DataSample
{
    private readonly List<string>[] _values;

    private DataSample(IReadOnlyList<string> columns, List<string>[] values)
    {
        Columns = columns;
        _values = values;
    }

    public IReadOnlyList<string> Columns { get; }

    public IEnumerable<string> ValuesOf(int column) => _values[column];

    public int IndexOf(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
            if (Columns[i] == column) return i;
        return -1;
    }

    public static DataSample Read(IEnumerable<SourceSpec> sources)
    {
        var files = sources.SelectMany(DataSourceFactory.Expand).ToList();
        using var reader = Validation.DataScan.Open(files);
        var values = reader.Columns.Select(_ => new List<string>()).ToArray();
        for (var row = 0; row < Data.ResolvedSchema.InferenceRows && reader.Read(); row++)
            for (var i = 0; i < values.Length; i++)
                values[i].Add(reader.IsMissing(i) ? "" : reader.GetSpan(i).ToString());
        if (values.Length > 0 && values[0].Count == 0)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.DataNoRows,
                "The data has a header but no rows; a schema cannot be inferred from it.", new SourceLocation(files[0].Path ?? reader.Name, 1, 1)));
        return new DataSample(reader.Columns, values);
    }
}
