using System.Globalization;

namespace Sim.Config;

/// <summary>A count and its noun agreeing, for every message and table that counts: "1 layer", "2 layers".</summary>
internal static class Plural
{
    /// <param name="format">How to write the count ("N0" for thousands separators).</param>
    public static string Of(long count, string noun, string format = "0") =>
        $"{count.ToString(format, CultureInfo.InvariantCulture)} {noun}{(count == 1 ? "" : "s")}";
}
