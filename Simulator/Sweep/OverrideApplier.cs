using Sim.Config;
using YamlDotNet.RepresentationModel;

namespace Sim.Sweep;

/// <summary>
/// Puts a sweep point's values into a freshly parsed hardware or scenario tree, before the normal
/// loader reads it. A missing key (or a whole missing section) is added, so a point may set an
/// optional key the base file leaves out; a key the loader does not know is then rejected by the
/// loader itself. Every node put in is marked with its origin in the sweep file
/// (<see cref="NodeOrigin"/>), so the loader's positioned error points at the sweep file's axis.
/// A path through a list that is not there, or an index out of range, is an error at the axis.
/// </summary>
internal static class OverrideApplier
{
    /// <param name="tree">The base file's top-level mapping, parsed for this point alone (it is changed).</param>
    /// <param name="treeFile">The base file, for messages.</param>
    /// <param name="sweepFile">The sweep file, where errors point.</param>
    /// <param name="axis">The axis that supplied the value, for messages and positions.</param>
    public static void Apply(YamlMappingNode tree, string treeFile, Override o, string sweepFile, Axis axis)
    {
        var origin = new NodeOrigin.Origin(sweepFile, (int)axis.KeyNode.Start.Line, (int)axis.KeyNode.Start.Column,
            $" (set by sweep axis '{axis.Name}')");
        InputError Error(string reason) =>
            new(sweepFile, (int)axis.KeyNode.Start.Line, (int)axis.KeyNode.Start.Column,
                $"axes: '{o.Path.Text}': {reason} in {treeFile}");

        YamlNode current = tree;
        string where = o.Path.Root == OverrideRoot.Hardware ? "the hardware file" : "the scenario file";
        for (int s = 0; s < o.Path.Steps.Count; s++)
        {
            var step = o.Path.Steps[s];
            bool lastStep = s == o.Path.Steps.Count - 1;
            if (current is not YamlMappingNode mapping)
                throw Error($"{where} has {YamlValues.Describe(current)} where '{step.Key}' should be a key");
            var keyNode = new YamlScalarNode(step.Key);
            bool present = mapping.Children.TryGetValue(keyNode, out var child);

            if (lastStep && step.Selectors.Count == 0)
            {
                if (!present)
                    NodeOrigin.Set(keyNode, origin);
                mapping.Children[present ? mapping.Children.Keys.First(k => k.Equals(keyNode)) : keyNode] = o.Value;
                return;
            }
            if (!present)
            {
                if (step.Selectors.Count > 0)
                    throw Error($"there is no list '{step.Key}' {Describe(where)}");
                // A section the base file leaves out: added, empty, for the next step to fill.
                NodeOrigin.Set(keyNode, origin);
                var added = new YamlMappingNode();
                NodeOrigin.Set(added, origin);
                mapping.Children[keyNode] = added;
                child = added;
            }
            where = $"'{step.Key}'";

            for (int i = 0; i < step.Selectors.Count; i++)
            {
                if (child is not YamlSequenceNode list)
                    throw Error($"{where} is {YamlValues.Describe(child!)}, not a list");
                int index = Select(list, step.Selectors[i], where, Error);
                where = $"{where}[{step.Selectors[i]}]";
                if (lastStep && i == step.Selectors.Count - 1)
                {
                    list.Children[index] = o.Value;
                    return;
                }
                child = list.Children[index];
            }
            current = child!;
        }
    }

    private static string Describe(string where) => where.StartsWith('\'') ? $"in {where}" : $"at the top level of {where}";

    /// <summary>A list element by index (from 0) or, for a list of mappings, by its <c>name</c> key.</summary>
    private static int Select(YamlSequenceNode list, string selector, string where, Func<string, InputError> error)
    {
        if (int.TryParse(selector, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
        {
            if (index >= list.Children.Count)
                throw error($"index {index} is past the end of {where}, which has {Plural.Of(list.Children.Count, "element")}");
            return index;
        }
        var nameKey = new YamlScalarNode("name");
        for (int i = 0; i < list.Children.Count; i++)
            if (list.Children[i] is YamlMappingNode m && m.Children.TryGetValue(nameKey, out var n)
                && n is YamlScalarNode { Value: { } v } && v == selector)
                return i;
        throw error($"no element of {where} has name '{selector}'");
    }
}
