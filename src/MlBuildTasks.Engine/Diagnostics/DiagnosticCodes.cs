namespace MlBuildTasks.Engine.Diagnostics;

/// <summary>
/// Every stable code the engine emits. Ranges: MLB0xxx setup, MLB1xxx spec, MLB2xxx data,
/// MLB3xxx training, MLB4xxx evaluation and gates, MLB5xxx packaging. Each has a row in docs/diagnostics.md;
/// a test keeps the two in step.
/// </summary>
public static class DiagnosticCodes
{
    // Setup and engine
    public const string EngineCrashed = "MLB0001";
    public const string InvalidArguments = "MLB0002";

    // Spec
    public const string SpecNotFound = "MLB1001";
    public const string SpecInvalidJson = "MLB1002";
    public const string SpecUnknownField = "MLB1003";
    public const string SpecMissingField = "MLB1004";
    public const string SpecInvalidValue = "MLB1005";
    public const string SpecUnknownTask = "MLB1006";
    public const string SpecLabelNotInData = "MLB1007";
    public const string SpecColumnNotInData = "MLB1008";
    public const string SpecUnknownTrainer = "MLB1009";
    public const string SpecUnknownMetric = "MLB1010";
    public const string SpecSecretInSpec = "MLB1011";
    /// <summary>Retired: once refused the planned baseline fields (package, version, model), which are supported now. Kept so the code is never reused.</summary>
    public const string SpecNotSupported = "MLB1012";

    // Data
    public const string DataFileNotFound = "MLB2001";
    public const string DataFileEmpty = "MLB2002";
    public const string DataNoRows = "MLB2003";
    public const string DataMalformed = "MLB2004";
    public const string DataTypeMismatch = "MLB2005";
    public const string DataMissingRequired = "MLB2006";
    public const string DataBelowMin = "MLB2007";
    public const string DataAboveMax = "MLB2008";
    public const string DataNotAllowed = "MLB2009";
    public const string DataLabelMissing = "MLB2010";
    public const string DataLabelUnusable = "MLB2011";
    public const string DataHeadersDiffer = "MLB2012";
    public const string DataDuplicateHeader = "MLB2013";
    public const string DataUnexpectedField = "MLB2014";
    public const string DataSourceFailed = "MLB2015";
    public const string DataConnectionMissing = "MLB2016";
    public const string DataRegexMismatch = "MLB2020";
    public const string DataNotUnique = "MLB2021";
    public const string DataRowCount = "MLB2022";
    public const string DataDuplicateRows = "MLB2023";
    public const string DataConstantColumn = "MLB2024";
    public const string DataRareClass = "MLB2025";
    public const string DataNotFinite = "MLB2026";
    public const string DataOutliers = "MLB2027";
    public const string DataBadDate = "MLB2028";
    public const string DataLeakage = "MLB2029";
    public const string DataSkew = "MLB2030";
    public const string DataTooManyMissing = "MLB2031";

    // Training
    public const string TrainingFailed = "MLB3001";
    public const string TrainingTooFewRows = "MLB3002";
    public const string TrainingNotDeterministic = "MLB3003";
    public const string CacheEntryCorrupt = "MLB3004";

    // Evaluation and gates
    public const string GatePassed = "MLB4000";
    public const string GateFailed = "MLB4001";
    public const string GateMetricUnavailable = "MLB4002";
    public const string GateRegressed = "MLB4003";
    public const string BaselineNotFound = "MLB4004";
    public const string BaselineInvalid = "MLB4005";
    public const string BaselineModelUnusable = "MLB4006";
    public const string BaselineFeedFailed = "MLB4007";
    public const string BaselineVersionNotFound = "MLB4008";

    // Packaging
    public const string PackGatesFailed = "MLB5001";
    public const string PackModelMissing = "MLB5002";
    public const string PackInvalidVersion = "MLB5003";
    public const string PackInvalidId = "MLB5004";
    public const string PackVersionExists = "MLB5005";
    public const string PackBreakingSignature = "MLB5006";
    public const string PackReleaseFeedFailed = "MLB5007";
    // ONNX export (from MLB5010, leaving room for the package contract's codes).
    public const string OnnxParityFailed = "MLB5010";
    public const string OnnxNotExportable = "MLB5011";

    // Monitoring: production data against the training profile (mlbuild monitor, MlCheckDrift).
    public const string MonitorNoDrift = "MLB6000";
    public const string MonitorDatasetDrift = "MLB6001";
    public const string MonitorColumnDrift = "MLB6002";
    public const string MonitorPredictionDrift = "MLB6003";
    public const string MonitorMalformedLog = "MLB6004";
    public const string MonitorNoLogs = "MLB6005";
    public const string MonitorReferenceUnreadable = "MLB6006";
    public const string MonitorFeedbackUnreadable = "MLB6007";
    public const string MonitorLiveGateFailed = "MLB6008";
    public const string MonitorUnknownColumn = "MLB6009";
}
