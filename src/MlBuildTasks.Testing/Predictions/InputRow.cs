using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlBuildTasks.Testing.Predictions;

/// <summary>
/// A single row with the model's input schema whose values are replaced before each prediction: what ML.NET's
/// PredictionEngine feeds its row mapper, without a compiled input class. The position moves with every new set of
/// values, since ML.NET's transforms cache a computed value per position.
/// </summary>
internal sealed class InputRow(DataViewSchema schema) : DataViewRow
{
    private object[] _values = [];
    private long _position = -1;

    public override DataViewSchema Schema { get; } = schema;
    public override long Position => _position;
    public override long Batch => 0;

    /// <summary>Values in the schema's column order, already of each column's raw type.</summary>
    public void Set(object[] values)
    {
        _values = values;
        _position++;
    }

    public override bool IsColumnActive(DataViewSchema.Column column) => true;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        var index = column.Index;
        return (ref TValue value) => value = (TValue)_values[index];
    }

    public override ValueGetter<DataViewRowId> GetIdGetter() =>
        (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);
}
