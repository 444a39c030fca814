using MlBuildTasks.Engine.Diagnostics;
using MlBuildTasks.Engine.Gates;
using MlBuildTasks.Runtime;
using NuGet.Versioning;

namespace MlBuildTasks.Engine.Packaging;

/// <summary>
/// What the lineage records of the signature check: the released version the inputs were compared with, what broke
/// (empty when compatible) and whether a person released the breaking change anyway (MlAcceptBreakingChange).
/// </summary>
public sealed record SignatureCheck(string ComparedWith, IReadOnlyList<string> BreakingChanges, bool Accepted = false);

/// <summary>
/// The release rules a package must keep, checked against its <see cref="ReleaseFeed"/>: a released version is never
/// replaced by different bytes, and inputs that break callers of the previous release need a new major version.
/// </summary>
public static class VersionRules
{
    /// <summary>
    /// Compares the inputs with those of the previous release (the highest stable version below <paramref name="version"/>,
    /// as a baseline is chosen). A breaking change within the same major version is MLB5006: an error, or a warning on record
    /// with <paramref name="acceptBreakingChange"/>. Null when there is no earlier release, or it has no signature to compare.
    /// </summary>
    public static SignatureCheck? CheckSignature(ReleaseFeed feed, string id, NuGetVersion version, ModelSignature signature,
        bool acceptBreakingChange, string specPath, IDiagnosticSink sink)
    {
        if (BaselineVersions.Choose(feed.Versions, version) is not { } previous) return null;
        var nupkg = feed.TryDownload(id, previous)!;
        IReadOnlyList<SignatureInput>? released;
        try
        {
            released = SignatureCompatibility.InputsOf(nupkg, signature.Model);
        }
        catch (Exception ex) when (ex is InvalidDataException or System.Text.Json.JsonException or NuGet.Packaging.Core.PackagingException)
        {
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.PackReleaseFeedFailed,
                $"The released {id} {previous.ToNormalizedString()} on {feed.Description} could not be read ({ex.Message.TrimEnd('.')}), so its inputs cannot be compared with this model's. Check the package on the feed."));
        }

        if (released is null)
        {
            sink.Message($"{signature.Model}: the released {id} {previous.ToNormalizedString()} has no signature or metrics of model '{signature.Model}'; its inputs were not compared.", important: true);
            return null;
        }

        var changes = SignatureCompatibility.BreakingChanges(released, signature.Inputs);
        var check = new SignatureCheck(previous.ToNormalizedString(), changes);
        if (changes.Count == 0 || version.Major > previous.Major) return check;

        var message = $"The inputs of model '{signature.Model}' break callers of the released {id} {previous.ToNormalizedString()}: {string.Join("; ", changes)}. " +
                      $"A breaking change needs a new major version: set Version to {previous.Major + 1}.0.0 (not {version.ToNormalizedString()}), or keep the columns compatible (add new ones as optional)";
        if (!acceptBreakingChange)
            throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.PackBreakingSignature,
                message + ". To release it anyway, on record, set MlAcceptBreakingChange=true.", new SourceLocation(specPath)));
        sink.Report(Diagnostic.Warning(DiagnosticCodes.PackBreakingSignature,
            message + ". Released anyway (MlAcceptBreakingChange=true); the lineage records it.", new SourceLocation(specPath)));
        return check with { Accepted = true };
    }

    /// <summary>
    /// MLB5005 when <paramref name="version"/> is already released with other contents. The same bytes again are no new
    /// release (packing is deterministic), so re-running a pipeline on the same inputs passes.
    /// </summary>
    public static void CheckNotReleased(ReleaseFeed feed, string id, NuGetVersion version, byte[] package, IDiagnosticSink sink)
    {
        if (feed.TryDownload(id, version) is not { } released) return;
        if (released.AsSpan().SequenceEqual(package))
        {
            sink.Message($"{id} {version.ToNormalizedString()} is already on {feed.Description} with exactly these contents; packed again unchanged.", important: true);
            return;
        }

        throw new MlBuildException(Diagnostic.Error(DiagnosticCodes.PackVersionExists,
            $"{id} {version.ToNormalizedString()} already exists on {feed.Description} with different contents; a released version never changes. " +
            $"Set a new Version (the highest there is {feed.Versions.Max()!.ToNormalizedString()})."));
    }
}
