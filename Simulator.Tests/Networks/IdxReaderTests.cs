using System.IO.Compression;
using Sim.Config;
using Sim.Datasets;

namespace Sim.Tests.Networks;

public class IdxReaderTests
{
    /// <summary>A 2 x 2 x 3 unsigned-byte IDX file written by hand: magic 00 00 08 03, dims 2, 2, 3 big-endian.</summary>
    private static readonly byte[] Plain =
    [
        0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3,
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 255,
    ];

    [Test]
    public void ReadsDimensionsAndData()
    {
        var idx = IdxReader.Parse(Plain, "hand");
        Assert.That(idx.Dimensions, Is.EqualTo(new[] { 2, 2, 3 }));
        Assert.That(idx.Count, Is.EqualTo(2));
        Assert.That(idx.ItemLength, Is.EqualTo(6));
        Assert.That(idx.Data, Is.EqualTo(Plain[16..]));
    }

    [Test]
    public void GzipCompressedReadsTheSame()
    {
        using var packed = new MemoryStream();
        using (var gz = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(Plain);
        var idx = IdxReader.Parse(packed.ToArray(), "hand.gz");
        Assert.That(idx.Data, Is.EqualTo(Plain[16..]));
    }

    [Test]
    public void BadFilesAreInputErrors()
    {
        Assert.That(() => IdxReader.Parse([1, 2, 3, 4], "x"), Throws.TypeOf<InputError>().With.Message.Contains("magic"));
        var floats = (byte[])Plain.Clone();
        floats[2] = 0x0D;
        Assert.That(() => IdxReader.Parse(floats, "x"), Throws.TypeOf<InputError>().With.Message.Contains("0x0d"));
        Assert.That(() => IdxReader.Parse(Plain[..^1], "x"), Throws.TypeOf<InputError>().With.Message.Contains("11"));
    }

    [Test]
    public void FashionMnistHasItsSizes()
    {
        Assert.That(FashionMnist.IsInstalled(), $"Fashion-MNIST is not in {FashionMnist.Directory}: run 'bash .ci/setup'");
        var test = FashionMnist.Test();
        Assert.That((test.Count, test.Height, test.Width), Is.EqualTo((10_000, 28, 28)));
        Assert.That(Enumerable.Range(0, 10).Select(c => test.Labels.Count(l => l == c)), Is.All.EqualTo(1000));
    }
}
