using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Sim.Config;
using Sim.Onnx.Import;
using Sim.Scenarios;

namespace Sim.Sweep;

/// <summary>
/// The identity of a sweep point: SHA-256 of a canonical text of its fully resolved configuration
/// (the <see cref="ScenarioConfig"/> with its hardware, seed, data and layers, as the loaders built
/// them), not of the sweep file's text. So <c>capacity_kib: 64</c> and <c>capacity_bytes: 65536</c>,
/// or a DRAM preset named or given as its file, are one point. The canonical text is JSON: every
/// object as its type name and its public properties sorted by name, numbers in round-trip form,
/// file paths (<c>SourcePath</c>) left out, since where a file lies does not change a result, and an ONNX model
/// (<c>model:</c>) as the SHA-256 of its file. Its second line is the
/// <see cref="ModelStamp"/> of the build that computes the point: the same configuration under a changed model is
/// another point, computed afresh, never a stale one reused.
/// </summary>
internal static class ConfigHash
{
    /// <summary>Bumped when the canonical form changes, so old keys never match new ones by accident.</summary>
    private const string Version = "sim-point-v2";

    public static string Key(ScenarioConfig scenario) => Key(Canonical(scenario));

    public static string Key(string canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

    public static string Canonical(ScenarioConfig scenario) => Canonical(scenario, ModelStamp.Current);

    /// <param name="model">The <see cref="ModelStamp"/> of the build the point is for.</param>
    public static string Canonical(ScenarioConfig scenario, string model)
    {
        var sb = new StringBuilder(Version).Append('\n').Append(model).Append('\n');
        Write(sb, scenario, 0);
        return sb.ToString();
    }

    private static readonly Dictionary<Type, PropertyInfo[]> PropertyCache = new();

    private static PropertyInfo[] PropertiesOf(Type t)
    {
        lock (PropertyCache)
        {
            if (!PropertyCache.TryGetValue(t, out var props))
            {
                props = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "SourcePath" && p.Name != "EqualityContract")
                    .OrderBy(p => p.Name, StringComparer.Ordinal).ToArray();
                PropertyCache[t] = props;
            }
            return props;
        }
    }

    private static void Write(StringBuilder sb, object? value, int depth)
    {
        if (depth > 32)
            throw new InvalidOperationException("configuration nests too deeply to hash");
        switch (value)
        {
            case null: sb.Append("null"); return;
            case string s: WriteString(sb, s); return;
            case bool b: sb.Append(b ? "true" : "false"); return;
            case double d: sb.Append(d.ToString("R", CultureInfo.InvariantCulture)); return;
            case float f: sb.Append(f.ToString("R", CultureInfo.InvariantCulture)); return;
            case Enum e: WriteString(sb, e.ToString()); return;
            // A model is its file's bytes, wherever it lies: its loaded form holds tensors whose views throw for the
            // wrong element type and would make a long text for what a hash says in 64 characters.
            case OnnxGraph g:
                sb.Append("{\"$type\":\"OnnxGraph\",\"sha256\":");
                WriteString(sb, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(g.Path))));
                sb.Append('}');
                return;
            case IFormattable n when value.GetType().IsPrimitive || value is decimal:
                sb.Append(n.ToString(null, CultureInfo.InvariantCulture)); return;
            case IDictionary dict:
                var entries = new List<(string Key, object? Value)>();
                foreach (DictionaryEntry entry in dict)
                    entries.Add((Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "", entry.Value));
                sb.Append('{');
                bool firstEntry = true;
                foreach (var (k, v) in entries.OrderBy(x => x.Key, StringComparer.Ordinal))
                {
                    if (!firstEntry) sb.Append(',');
                    firstEntry = false;
                    WriteString(sb, k); sb.Append(':'); Write(sb, v, depth + 1);
                }
                sb.Append('}');
                return;
            case IEnumerable list:
                sb.Append('[');
                bool firstItem = true;
                foreach (var item in list)
                {
                    if (!firstItem) sb.Append(',');
                    firstItem = false;
                    Write(sb, item, depth + 1);
                }
                sb.Append(']');
                return;
        }
        var type = value.GetType();
        sb.Append("{\"$type\":");
        WriteString(sb, type.Name);
        foreach (var p in PropertiesOf(type))
        {
            sb.Append(',');
            WriteString(sb, p.Name);
            sb.Append(':');
            Write(sb, p.GetValue(value), depth + 1);
        }
        sb.Append('}');
    }

    private static void WriteString(StringBuilder sb, string s) =>
        sb.Append(System.Text.Json.JsonSerializer.Serialize(s));
}
