using System.Numerics;
using Sim.Numerics;
using Sim.Sfu;
using YamlDotNet.RepresentationModel;

namespace Sim.Config;

/// <summary>Reads and validates the hardware's <c>sfu:</c> section; every problem is an error at the offending key or list item.</summary>
internal static class SfuConfigReader
{
    private static readonly string[] Keys = ["lanes", "lut_entries", "interpolation", "table_format", "functions"];

    public const int MinEntries = 16, MaxEntries = 4096;

    private static readonly (string, SfuInterpolation)[] Interpolations = [("nearest", SfuInterpolation.Nearest), ("linear", SfuInterpolation.Linear)];

    /// <summary>The table formats: 16-bit floats or fp32 (an fp32 table is the accuracy ceiling of a lookup design).</summary>
    private static readonly (string, ElementFormat)[] TableFormats =
        [("bf16", ElementFormat.Bf16), ("fp16", ElementFormat.Fp16), ("fp32", ElementFormat.Fp32)];

    public static SfuConfig Read(MappingReader s)
    {
        s.RejectUnknownKeys(Keys);
        int lanes = s.Int("lanes", 1, ConfigBounds.MaxVectorLanes);
        int entries = s.Int("lut_entries", MinEntries, MaxEntries);
        if (!BitOperations.IsPow2(entries))
            throw s.ErrorAt(s.Required("lut_entries"), $"{s.PathOf("lut_entries")}: expected a power of two from {MinEntries} to {MaxEntries}, got {entries}");
        return new SfuConfig(lanes, entries, s.Choice("interpolation", Interpolations), s.Choice("table_format", TableFormats), Functions(s));
    }

    private static List<SfuFunction> Functions(MappingReader s)
    {
        var node = s.Required("functions");
        if (node is not YamlSequenceNode list || list.Children.Count == 0)
            throw s.ErrorAt(node, $"{s.PathOf("functions")}: expected a non-empty list of functions, one of: {string.Join(", ", SfuFunctions.Names.Select(n => n.Name))}");
        var functions = new List<SfuFunction>();
        for (int i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i];
            var f = ValueReader.Choice(s.File, $"{s.PathOf("functions")}[{i}]", item, SfuFunctions.Names);
            if (functions.Contains(f))
                throw s.ErrorAt(item, $"{s.PathOf("functions")}[{i}]: {f.Name()} is listed twice");
            functions.Add(f);
        }
        return functions;
    }
}
