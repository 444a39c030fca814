using System.Buffers;
using System.Globalization;
using System.Text.Json;

// bench/monitor.sh's helper: `generate <folder> <rows> <churn.csv>` or `read <folder>`.
return args switch
{
    ["generate", var folder, var rows, var csv] => Generate(folder, long.Parse(rows, CultureInfo.InvariantCulture), csv),
    ["read", var folder] => Read(folder),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: MonitorBaseline generate <folder> <rows> <churn.csv> | read <folder>");
    return 2;
}

// Logged predictions of the churn model: training rows drawn at random, numbers jittered, one file per 2,000,000 rows.
static int Generate(string folder, long rows, string csv)
{
    Directory.CreateDirectory(folder);
    var lines = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')).ToArray();
    var random = new Random(42);
    var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    const long perFile = 2_000_000;
    for (long file = 0; file * perFile < rows; file++)
    {
        var path = Path.Combine(folder, $"ChurnModel.predictions.{start.AddDays(file):yyyyMMddTHHmmssfffZ}.0.jsonl");
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var json = new Utf8JsonWriter(stream);
        for (var i = file * perFile; i < Math.Min(rows, (file + 1) * perFile); i++)
        {
            var c = lines[random.Next(lines.Length)];
            json.Reset(stream);
            json.WriteStartObject();
            json.WriteString("id", Guid.CreateVersion7().ToString("N"));
            json.WriteString("time", start.AddMilliseconds(i * 10).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteString("model", "ChurnModel");
            json.WriteString("version", "1.0.0");
            json.WriteStartObject("inputs");
            Number(json, "Tenure", c[1], random, 1);
            Number(json, "MonthlyCharges", c[2], random, 0.5);
            Number(json, "TotalCharges", c[3], random, 5);
            json.WriteString("Contract", c[4]);
            json.WriteString("PaymentMethod", c[5]);
            json.WriteString("InternetService", c[6]);
            Number(json, "SupportCalls", c[7], random, 0);
            json.WriteBoolean("SeniorCitizen", c[8].Equals("yes", StringComparison.OrdinalIgnoreCase));
            json.WriteEndObject();
            var probability = random.NextDouble();
            json.WriteStartObject("outputs");
            json.WriteBoolean("PredictedLabel", probability > 0.5);
            json.WriteNumber("Score", Math.Round((probability - 0.5) * 8, 4));
            json.WriteNumber("Probability", Math.Round(probability, 4));
            json.WriteEndObject();
            json.WriteEndObject();
            json.Flush();
            stream.WriteByte((byte)'\n');
        }
    }

    return 0;
}

static void Number(Utf8JsonWriter json, string name, string cell, Random random, double jitter)
{
    if (cell.Length == 0) json.WriteNull(name);
    else json.WriteNumber(name, Math.Round(Math.Max(0, double.Parse(cell, CultureInfo.InvariantCulture) + (random.NextDouble() - 0.5) * 2 * jitter), 2));
}

// The baseline: every file in 1 MB blocks, every line, every JSON token and value read; nothing kept.
static int Read(string folder)
{
    long records = 0, values = 0;
    double sum = 0;
    var buffer = new byte[1 << 20];
    Span<char> text = stackalloc char[256];
    foreach (var path in Directory.GetFiles(folder, "*.predictions.*.jsonl").Order(StringComparer.Ordinal))
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var filled = 0;
        while (true)
        {
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            var end = filled + read;
            var start = 0;
            while (start < end)
            {
                var feed = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (feed < 0 && read > 0) break;
                var length = feed < 0 ? end - start : feed;
                var reader = new Utf8JsonReader(buffer.AsSpan(start, length));
                while (reader.Read())
                {
                    switch (reader.TokenType)
                    {
                        case JsonTokenType.Number: sum += reader.GetDouble(); values++; break;
                        case JsonTokenType.String: values += reader.CopyString(text) > 0 ? 1 : 0; break;
                        case JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null: values++; break;
                    }
                }

                records++;
                start += length + (feed < 0 ? 0 : 1);
            }

            if (read == 0) break;
            filled = end - start;
            buffer.AsSpan(start, filled).CopyTo(buffer);
        }
    }

    Console.WriteLine($"{records} records, {values} values (checksum {sum:0})");
    return 0;
}
