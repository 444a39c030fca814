using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChurnPrediction;

// The package generates ChurnModelInput as a partial class, so the service adds to it: JSON properties that are not
// inputs of the model land here, and the endpoints refuse them (a misspelt optional input would otherwise be imputed
// silently), naming each one.
partial class ChurnModelInput
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? UnknownProperties { get; set; }
}
