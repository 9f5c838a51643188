namespace Sim.Config;

/// <summary>An entry of an energy or area table: its keys checked, and a source named, since a figure that cannot be traced is refused.</summary>
internal static class SourcedEntry
{
    public static MappingReader Check(MappingReader entry, string[] keys)
    {
        entry.RejectUnknownKeys(keys);
        if (entry.Text("source").Trim().Length == 0)
            throw entry.ErrorAt(entry.Required("source"), $"{entry.PathOf("source")}: expected the figure's source, got nothing");
        return entry;
    }
}
