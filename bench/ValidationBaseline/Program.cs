using System.Globalization;
using System.Text;
using Sylvan.Data.Csv;

// generate <path> <megabytes>: a CSV of mixed columns (numbers, categories, free text, booleans, an
//   id, a binary label) with about 2% missing values, deterministic (seed 7), written until it reaches
//   the size. parse <path>: read every field of every row as the validator's CSV reader does, and
//   print the row count. The spec that validates the generated file is bench/validation.mlmodel.json.
return args switch
{
    ["generate", var path, var megabytes] => Generate(path, long.Parse(megabytes, CultureInfo.InvariantCulture) * 1024 * 1024),
    ["parse", var path] => Parse(path),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ValidationBaseline generate <path> <megabytes> | parse <path>");
    return 2;
}

static int Generate(string path, long bytes)
{
    var random = new Random(7);
    string[] plans = ["basic", "standard", "premium", "enterprise"];
    string[] regions = ["north", "south", "east", "west", "central"];
    string[] words = ["fast", "slow", "great", "poor", "service", "price", "support", "network", "bill", "late", "happy", "cancel"];
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
    writer.Write("Id,Age,Income,Usage,Score,Plan,Region,Channel,Comment,Active,Churned\n");
    var text = new StringBuilder();
    long row = 0;
    while (writer.BaseStream.Length < bytes)
    {
        for (var batch = 0; batch < 10_000; batch++)
        {
            row++;
            string Maybe(string value) => random.NextDouble() < 0.02 ? "" : value;
            text.Clear();
            for (var w = random.Next(3, 12); w > 0; w--) text.Append(words[random.Next(words.Length)]).Append(' ');
            var age = random.Next(18, 90);
            var income = Math.Round(random.NextDouble() * 150_000, 2);
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"C{row:D9},{Maybe(age.ToString(CultureInfo.InvariantCulture))},{Maybe(income.ToString(CultureInfo.InvariantCulture))},{Maybe((random.NextDouble() * 500).ToString("0.###", CultureInfo.InvariantCulture))},{(random.NextDouble() * 2 - 1).ToString("0.#####", CultureInfo.InvariantCulture)},{plans[random.Next(plans.Length)]},{Maybe(regions[random.Next(regions.Length)])},{(random.Next(2) == 0 ? "web" : "store")},\"{text.ToString().TrimEnd()}\",{(random.Next(2) == 0 ? "yes" : "no")},{(random.NextDouble() < 0.3 ? "yes" : "no")}\n"));
        }
    }

    Console.WriteLine($"{row} rows, {writer.BaseStream.Length / 1024 / 1024} MB: {path}");
    return 0;
}

static int Parse(string path)
{
    using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true), true, 1 << 16);
    using var csv = CsvDataReader.Create(reader, new CsvDataReaderOptions { HasHeaders = true, Delimiter = ',' });
    long rows = 0, characters = 0;
    while (csv.Read())
    {
        rows++;
        for (var i = 0; i < csv.FieldCount; i++) characters += csv.GetFieldSpan(i).Length;
    }

    Console.WriteLine($"{rows} rows, {characters} characters");
    return 0;
}
