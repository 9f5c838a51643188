using System.Text.Json;
using System.Text.Json.Serialization;
using Sim.Config;
using Sim.Run;

namespace Sim.Regress;

/// <summary>One layer of a baseline: cycles, energy and a SHA-256 of its output tensor.</summary>
internal sealed record BaselineLayer(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("cycles")] long Cycles,
    [property: JsonPropertyName("energy_uj")] double EnergyUj,
    [property: JsonPropertyName("output_sha256")] string OutputSha256);

/// <summary>What a scenario gave when its baseline was last accepted (scenarios/regress/*.baseline.json).</summary>
internal sealed record Baseline(
    [property: JsonPropertyName("case")] string Case,
    [property: JsonPropertyName("scenario")] string Scenario,
    [property: JsonPropertyName("hardware")] string Hardware,
    [property: JsonPropertyName("total_cycles")] long TotalCycles,
    [property: JsonPropertyName("energy_uj")] double EnergyUj,
    [property: JsonPropertyName("layers")] IReadOnlyList<BaselineLayer> Layers)
{
    // Reading holds a baseline to its record: a missing or null field (layers, a layer's output_sha256) is an error.
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static Baseline From(string caseName, RunSummary run) => new(
        caseName, run.Scenario, run.Hardware, run.TotalCycles, run.Layers.Sum(l => l.Energy.TotalPj) / 1e6,
        run.Layers.Select(l => new BaselineLayer(l.Name, l.Cycles, l.Energy.TotalPj / 1e6, l.OutputSha256 ?? "")).ToList());

    public void Write(string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Options) + "\n");
    }

    /// <summary>The baseline at <paramref name="path"/>, or null if there is none.</summary>
    public static Baseline? Read(string path)
    {
        if (Directory.Exists(path))
            throw new InputError($"{path}: is a directory, not a baseline file");
        if (!File.Exists(path))
            return null;
        try
        {
            return JsonSerializer.Deserialize<Baseline>(File.ReadAllText(path), Options)
                   ?? throw new InputError($"{path}: empty baseline");
        }
        catch (JsonException e)
        {
            // The serializer's own message names .NET types; say where, and what a baseline needs there.
            string where = e.LineNumber is { } line ? $"{path}:{line + 1}" : path;
            throw new InputError($"{where}: not a valid baseline at {e.Path ?? "$"}: a value is missing, null or of the wrong kind " +
                                 "(sim regress --update writes a fresh one)");
        }
    }
}
