using Onnx;
using Sim.Config;

namespace Sim.Onnx;

/// <summary>Typed access to a <see cref="NodeProto"/>'s attributes. Wrong attribute types raise <see cref="InputError"/>.</summary>
internal static class NodeAttributes
{
    private const int FloatType = 1, IntType = 2, StringType = 3, FloatsType = 6, IntsType = 7;

    /// <summary>The attribute called <paramref name="name"/>, or null.</summary>
    public static AttributeProto? Find(NodeProto node, string name)
    {
        foreach (var a in node.Attribute)
            if (a.Name == name) return a;
        return null;
    }

    public static bool Has(NodeProto node, string name) => Find(node, name) is not null;

    public static long GetInt(NodeProto node, string name, long defaultValue)
    {
        var a = Find(node, name);
        if (a is null) return defaultValue;
        Expect(node, a, IntType, "int");
        return a.I;
    }

    public static float GetFloat(NodeProto node, string name, float defaultValue)
    {
        var a = Find(node, name);
        if (a is null) return defaultValue;
        Expect(node, a, FloatType, "float");
        return a.F;
    }

    public static string GetString(NodeProto node, string name, string defaultValue)
    {
        var a = Find(node, name);
        if (a is null) return defaultValue;
        Expect(node, a, StringType, "string");
        return a.S.ToStringUtf8();
    }

    /// <summary>An ints attribute as int[] (values must fit int32), or null when absent.</summary>
    public static int[]? GetInts(NodeProto node, string name)
    {
        var a = Find(node, name);
        if (a is null) return null;
        Expect(node, a, IntsType, "ints");
        var r = new int[a.Ints.Count];
        for (int i = 0; i < r.Length; i++)
        {
            long v = a.Ints[i];
            if (v < int.MinValue || v > int.MaxValue)
                throw new InputError($"node '{Describe(node)}': attribute '{name}' value {v} is out of range");
            r[i] = (int)v;
        }
        return r;
    }

    public static float[]? GetFloats(NodeProto node, string name)
    {
        var a = Find(node, name);
        if (a is null) return null;
        Expect(node, a, FloatsType, "floats");
        return [.. a.Floats];
    }

    /// <summary>"Name (OpType)" for messages.</summary>
    public static string Describe(NodeProto node) =>
        string.IsNullOrEmpty(node.Name) ? node.OpType : $"{node.Name} ({node.OpType})";

    private static void Expect(NodeProto node, AttributeProto a, int type, string typeName)
    {
        // Old files may leave 'type' unset (0); accept them when the expected field is populated.
        if ((int)a.Type == type || (int)a.Type == 0) return;
        throw new InputError($"node '{Describe(node)}': attribute '{a.Name}' should be {typeName}, is {a.Type}");
    }
}
