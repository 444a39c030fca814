using MlBuildTasks.Engine.Data;
using MlBuildTasks.Engine.Profiling;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Validation;

/// <summary>
/// What a pass over rows keeps: a validator per column, the label's validator, the rules declared on the label, the
/// duplicate-row sampler and, when training, the typed rows. A scan has one. A large CSV file is read in parts at once (<see cref="ParallelCsvScan"/>),
/// each with a part of its own, and each later part is then merged into the first (<see cref="MergeFrom"/>), in file
/// order, as if its rows had come after the earlier parts', which they do in the file.
/// </summary>
internal sealed class ScanPart
{
    private ulong[] _rowHashes = [];

    /// <param name="part">The part's index in the file (0 for the only or first): gives the parts' reservoirs different seeds,
    /// so that the samples merged are drawn independently.</param>
    /// <param name="collect">Keep the typed rows for training (<see cref="Data"/>).</param>
    public ScanPart(ModelSpec spec, ResolvedSchema schema, ValidationOptions options, bool isTestData, bool collect, CellLocator locator, int part = 0)
    {
        var seed = NumericSummary.DefaultSeed + part;
        var constantColumns = isTestData ? null : spec.Checks.ConstantColumns;
        Columns = schema.Columns.Where(c => !c.IsLabel && (!c.Ignored || c.Spec is not null))
            .Select(c => new ColumnValidator(c, options, constantColumns, locator, sampleSeed: seed)).ToArray();
        // Rules declared on the label (min, max, allowed, ...) run too; its values are the LabelValidator's.
        LabelRules = schema.Label.Spec is not null ? new ColumnValidator(LabelAsCategory(schema.Label, spec), options, null, locator, checkType: false, sampleSeed: seed) : null;
        Label = new LabelValidator(spec, schema.Label, options, locator, seed);
        Duplicates = spec.Checks.MaxDuplicateRows is not null && !isTestData ? new DuplicateSampler() : null;
        Data = collect ? new TrainingData(spec, schema) : null;
    }

    public ColumnValidator[] Columns { get; }
    public ColumnValidator? LabelRules { get; }
    public LabelValidator Label { get; }
    public DuplicateSampler? Duplicates { get; }

    /// <summary>The typed rows for training, in file order; null when the scan only checks.</summary>
    public TrainingData? Data { get; }
    public long Rows { get; private set; }

    /// <summary>Every column validator, the label's rules included.</summary>
    public IEnumerable<ColumnValidator> AllColumns => LabelRules is null ? Columns : Columns.Append(LabelRules);

    /// <summary>
    /// Checks a batch column by column (each check walks many values of its column in a loop of its own).
    /// <paramref name="classes"/> gets each row's class for the training data (see <see cref="LabelValidator.Observe"/>).
    /// </summary>
    public void Observe(RowBatch batch, string?[] classes)
    {
        Rows += batch.Count;
        foreach (var column in Columns) column.Observe(batch);
        Label.Observe(batch, classes);
        LabelRules?.Observe(batch);
        if (Duplicates is not null)
        {
            if (_rowHashes.Length < batch.Count) _rowHashes = new ulong[batch.Capacity];
            batch.HashRows(_rowHashes);
            for (var row = 0; row < batch.Count; row++) Duplicates.Add(_rowHashes[row], batch.Tags[row]);
        }

        Data?.Add(batch, classes); // last: it takes the numbers the checks parsed
    }

    /// <summary>Adds what <paramref name="later"/> kept of the rows after this part's (same spec and schema).</summary>
    public void MergeFrom(ScanPart later)
    {
        Rows += later.Rows;
        for (var i = 0; i < Columns.Length; i++) Columns[i].MergeFrom(later.Columns[i]);
        LabelRules?.MergeFrom(later.LabelRules!);
        Label.MergeFrom(later.Label);
        Duplicates?.MergeFrom(later.Duplicates!);
        Data?.AppendFrom(later.Data!);
    }

    /// <summary>The label as a column for its declared rules: numbers for regression, else values compared as text.</summary>
    private static ResolvedColumn LabelAsCategory(ResolvedColumn label, ModelSpec spec) =>
        label with { Type = spec.Task == ModelTask.Regression ? ColumnType.Number : ColumnType.Category };
}
