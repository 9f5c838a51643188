using System.Text.RegularExpressions;
using Google.Protobuf;
using Sim.Graph;

namespace Sim.Report;

/// <summary>
/// An imported graph's outputs as the accelerator computed them, each as an ONNX TensorProto (.pb) and a NumPy
/// array (.npy) in the report's outputs/ folder, so they can be compared with any framework's.
/// </summary>
internal static partial class OutputFiles
{
    public const string Folder = "outputs";

    /// <summary>Writes outputs/NAME.pb and outputs/NAME.npy for each output into <paramref name="report"/>; none for no outputs.</summary>
    public static void Write(IReadOnlyDictionary<string, GraphValue> outputs, string report)
    {
        if (outputs.Count == 0) return;
        string folder = Path.Combine(report, Folder);
        Directory.CreateDirectory(folder);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in outputs)
        {
            string stem = FileStem(name, taken);
            File.WriteAllBytes(Path.Combine(folder, stem + ".pb"), value.ToProto(name).ToByteArray());
            NpyWriter.WriteFile(Path.Combine(folder, stem + ".npy"), value);
        }
    }

    /// <summary>
    /// The output's name as a file name: an ONNX name may hold '/' or ':' (TensorFlow's "dense/BiasAdd:0"), which
    /// become '_'; two names that then agree are told apart by a number. The .pb keeps the name as it is.
    /// </summary>
    public static string FileStem(string name, HashSet<string> taken)
    {
        string stem = Unsafe().Replace(name, "_");
        if (stem.Trim('.').Length == 0) stem = "_" + stem;
        string unique = stem;
        for (int n = 2; !taken.Add(unique); n++) unique = $"{stem}-{n}";
        return unique;
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex Unsafe();
}
