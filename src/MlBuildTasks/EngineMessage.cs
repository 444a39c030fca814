using System.IO;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Text;

namespace MlBuildTasks
{
    /// <summary>
    /// One line of the engine's stdout protocol (see docs/engine-protocol.md). Read with the framework's
    /// DataContractJsonSerializer so the shim needs no package beyond MSBuild's own.
    /// </summary>
    [DataContract]
    public sealed class EngineMessage
    {
        [DataMember(Name = "kind")] public string? Kind { get; set; }
        [DataMember(Name = "severity")] public string? Severity { get; set; }
        [DataMember(Name = "code")] public string? Code { get; set; }
        [DataMember(Name = "file")] public string? File { get; set; }
        [DataMember(Name = "line")] public int Line { get; set; }
        [DataMember(Name = "column")] public int Column { get; set; }
        [DataMember(Name = "message")] public string? Message { get; set; }
        [DataMember(Name = "importance")] public string? Importance { get; set; }
        [DataMember(Name = "text")] public string? Text { get; set; }

        private static readonly DataContractJsonSerializer Serializer = new DataContractJsonSerializer(typeof(EngineMessage));

        /// <summary>Parses a protocol line; null for anything else (such as a runtime's own output).</summary>
        public static EngineMessage? TryParse(string line)
        {
            var trimmed = line.Trim();
            if (!trimmed.StartsWith("{\"kind\":", System.StringComparison.Ordinal)) return null;
            try
            {
                using var stream = new MemoryStream(Encoding.UTF8.GetBytes(trimmed));
                return Serializer.ReadObject(stream) as EngineMessage;
            }
            catch (SerializationException)
            {
                return null;
            }
        }
    }
}
