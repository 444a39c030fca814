using System.Text.Json;
using System.Text.Json.Nodes;
using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.IO;
using MlBuildTasks.Engine.Spec;

namespace MlBuildTasks.Engine.Init;

/// <summary>
/// <c>mlbuild infer-schema</c>: adds to a spec's <c>columns</c> every data column it does not declare yet,
/// with its inferred type and rules. Declared columns are left exactly as they are; with
/// <c>--replace</c> every column is inferred again. (The file is rewritten, so JSON comments are lost.)
/// </summary>
public static class SchemaRefresher
{
    public static int Refresh(string specPath, bool replace, IDiagnosticSink sink)
    {
        var spec = SpecParser.Load(specPath, sink);
        var sample = DataSample.Read(spec.Data);
        var root = JsonNode.Parse(File.ReadAllText(spec.SpecPath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        var columns = root["columns"] as JsonObject ?? new JsonObject();
        if (replace) columns = new JsonObject();
        var added = 0;
        for (var i = 0; i < sample.Columns.Count; i++)
        {
            var name = sample.Columns[i];
            if (name == spec.Label || columns.ContainsKey(name)) continue;
            columns[name] = ColumnRules.Infer(name, sample.ValuesOf(i).ToList());
            added++;
        }

        root["columns"] = columns;
        AtomicFile.WriteAllText(spec.SpecPath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);
        sink.Message($"{spec.SpecPath}: {(replace ? "inferred" : "added")} {added} column(s) from the data's first {Data.ResolvedSchema.InferenceRows:N0} rows. Review the types and rules.", important: true);
        return added;
    }
}
