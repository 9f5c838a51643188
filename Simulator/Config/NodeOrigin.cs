using System.Runtime.CompilerServices;
using YamlDotNet.RepresentationModel;

namespace Sim.Config;

/// <summary>
/// Where a YAML node really came from, when it was put into another file's tree: a sweep's
/// override value is read by the hardware or scenario loader as part of the base file, but an error
/// about it must point at the sweep file, at the axis that supplied it. <see cref="ValueReader.ErrorAt"/>
/// consults this table; nodes not in it are reported in the file being loaded, as usual. The table
/// holds its nodes weakly and is keyed by node identity, so it is safe to share between threads.
/// </summary>
internal static class NodeOrigin
{
    /// <summary>A position in another file and a note appended to the error's reason.</summary>
    public sealed record Origin(string File, int Line, int Column, string Note);

    private static readonly ConditionalWeakTable<YamlNode, Origin> Table = new();

    /// <summary>Marks <paramref name="node"/> as coming from <paramref name="origin"/>.</summary>
    public static void Set(YamlNode node, Origin origin) => Table.AddOrUpdate(node, origin);

    public static bool TryGet(YamlNode node, out Origin? origin) => Table.TryGetValue(node, out origin);
}
