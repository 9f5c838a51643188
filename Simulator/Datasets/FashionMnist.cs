using Sim.Config;

namespace Sim.Datasets;

/// <summary>Images (28 x 28 unsigned bytes each, row-major) with their class labels 0..9.</summary>
internal sealed record LabelledImages(byte[] Pixels, byte[] Labels, int Height, int Width)
{
    public int Count => Labels.Length;

    public int ImageSize => Height * Width;

    public ReadOnlySpan<byte> Image(int i) => Pixels.AsSpan(i * ImageSize, ImageSize);

    /// <summary>The first <paramref name="count"/> images (all of them when count is null or larger).</summary>
    public LabelledImages Take(int? count)
    {
        int n = Math.Min(count ?? Count, Count);
        return n == Count ? this : new LabelledImages(Pixels[..(n * ImageSize)], Labels[..n], Height, Width);
    }
}

/// <summary>
/// Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 60,000 training and 10,000 test images of clothing,
/// 28 x 28 grey levels, ten classes. Read from Debian's <c>dataset-fashion-mnist</c> package, which
/// installs the four gzip-compressed IDX files in <see cref="DefaultDirectory"/>; the environment
/// variable <c>SIM_FASHION_MNIST</c> names another directory holding the same files.
/// </summary>
internal static class FashionMnist
{
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static string Directory =>
        Environment.GetEnvironmentVariable("SIM_FASHION_MNIST") is { Length: > 0 } d ? d : DefaultDirectory;

    /// <summary>True when the four files are present (gzip-compressed or not).</summary>
    public static bool IsInstalled(string? directory = null)
    {
        string dir = directory ?? Directory;
        return new[] { "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" }
            .All(f => FindFile(dir, f) != null);
    }

    public static LabelledImages Train(string? directory = null) => Load(directory ?? Directory, "train");

    public static LabelledImages Test(string? directory = null) => Load(directory ?? Directory, "t10k");

    private static LabelledImages Load(string directory, string prefix)
    {
        var images = IdxReader.Read(Require(directory, $"{prefix}-images-idx3-ubyte"));
        var labels = IdxReader.Read(Require(directory, $"{prefix}-labels-idx1-ubyte"));
        if (images.Dimensions.Length != 3 || labels.Dimensions.Length != 1 || images.Count != labels.Count)
            throw new InputError($"{directory}: {prefix} images [{string.Join(",", images.Dimensions)}] " +
                                 $"do not match labels [{string.Join(",", labels.Dimensions)}]");
        if (labels.Data.Any(l => l > 9))
            throw new InputError($"{directory}: {prefix} labels outside 0..9");
        return new LabelledImages(images.Data, labels.Data, images.Dimensions[1], images.Dimensions[2]);
    }

    private static string Require(string directory, string name) =>
        FindFile(directory, name) ?? throw new InputError(
            $"Fashion-MNIST file '{name}(.gz)' not found in {directory} " +
            "(install Debian's dataset-fashion-mnist, e.g. by 'bash .ci/setup', or set SIM_FASHION_MNIST)");

    private static string? FindFile(string directory, string name)
    {
        foreach (var candidate in new[] { name + ".gz", name })
        {
            string path = Path.Combine(directory, candidate);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
