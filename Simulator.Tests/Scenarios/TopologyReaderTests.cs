using Sim.Config;
using Sim.Scenarios.ScaleSim;

namespace Sim.Tests.Scenarios;

/// <summary>SCALE-Sim topology CSVs, written out by hand: the layers they become, and one error line for each bad one.</summary>
public class TopologyReaderTests
{
    private const string ConvHeader = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";
    private const string GemmHeader = "Layer, M, N, K,\n";
    private const string Path = "t.csv";

    private static IReadOnlyList<LayerSpec> Parse(string text) => TopologyReader.Parse(text, Path);

    private static void AssertError(string text, string line) =>
        Assert.That(Assert.Throws<InputError>(() => Parse(text))!.Message, Is.EqualTo(line));

    [Test]
    public void AConvolutionRowIsAConv2DAtBatchOneWithoutPadding()
    {
        var layers = Parse(ConvHeader + "Conv2, 56, 56, 3, 3, 64, 128, 1,\n");
        Assert.That(layers, Is.EqualTo(new[] { new Conv2DLayer("Conv2", 1, 64, 56, 56, 128, 3, 3, 1, 1, Padding2D.None, 1, 1, 1) }));
        Assert.That(layers[0].OutputShape, Is.EqualTo(new[] { 1, 128, 54, 54 }), "56 - 3 + 1 windows a side");
    }

    [Test]
    public void AWindowOverhangingTheFarEdgeReadsZerosThereAsInScaleSim()
    {
        // SCALE-Sim slides ceil((224 - 7 + 2) / 2) = 110 windows down the rows: the 110th starts at row 218 and reads
        // rows 218 to 224, one past the last (223). So one row of zeros at the bottom, and the same at the right.
        var conv1 = (Conv2DLayer)Parse(ConvHeader + "Conv1,224,224,7,7,3,64,2,\n").Single();
        Assert.That(conv1, Is.EqualTo(new Conv2DLayer("Conv1", 1, 3, 224, 224, 64, 7, 7, 2, 2, new Padding2D(0, 0, 1, 1), 1, 1, 1)));
        Assert.That(conv1.OutputShape, Is.EqualTo(new[] { 1, 64, 110, 110 }));
    }

    [Test]
    public void ANinthColumnIsTheStrideWidth()
    {
        // Rows: ceil((9 - 3 + 2) / 2) = 4 windows, the last ending at row 8: no overhang. Columns: stride 3 over 10
        // is ceil((10 - 3 + 3) / 3) = 4 windows, the last reading columns 9 to 11: two past the edge.
        var c = (Conv2DLayer)Parse(ConvHeader + "c, 9, 10, 3, 3, 2, 4, 2, 3,\n").Single();
        Assert.That(c, Is.EqualTo(new Conv2DLayer("c", 1, 2, 9, 10, 4, 3, 3, 2, 3, new Padding2D(0, 0, 0, 2), 1, 1, 1)));
        Assert.That(c.OutputShape, Is.EqualTo(new[] { 1, 4, 4, 4 }));
    }

    [Test]
    public void ANameHoldingDPIsDepthwiseWithNumFilterPerChannel()
    {
        // SCALE-Sim runs it as 8 one-channel layers of 2 filters each: 16 output channels in all.
        var d = (Conv2DLayer)Parse(ConvHeader + "Conv_DP1, 7, 7, 3, 3, 8, 2, 1,\n").Single();
        Assert.That(d, Is.EqualTo(new Conv2DLayer("Conv_DP1", 1, 8, 7, 7, 16, 3, 3, 1, 1, Padding2D.None, 1, 1, 8)));
        Assert.That(d.TypeName, Is.EqualTo("depthwise"));
    }

    [Test]
    public void AGemmRowIsMByKTimesKByN()
    {
        // The columns are M, N, K; Sim's GemmLayer takes M, K, N.
        var layers = Parse(GemmHeader + "QKT, 1024, 1024, 64,\nLinear1, 1024, 4800, 1600,\n");
        Assert.That(layers, Is.EqualTo(new LayerSpec[] { new GemmLayer("QKT", 1024, 64, 1024), new GemmLayer("Linear1", 1024, 1600, 4800) }));
    }

    [Test]
    public void BlankLinesCarriageReturnsAndAMissingTrailingCommaAreRead()
    {
        var layers = Parse("Layer,M,N,K\r\n\r\n  fc ,2, 3 ,4\r\n   \r\n");
        Assert.That(layers, Is.EqualTo(new[] { new GemmLayer("fc", 2, 4, 3) }));
    }

    [Test]
    public void ARepeatedNameGetsTheFirstFreeSuffix()
    {
        // fc_2 is a row's own name, so the second fc becomes fc_3.
        var layers = Parse(GemmHeader + "fc, 1, 2, 3,\nfc, 1, 2, 3,\nfc_2, 1, 2, 3,\n");
        Assert.That(layers.Select(l => l.Name), Is.EqualTo(new[] { "fc", "fc_3", "fc_2" }));
    }

    [Test]
    public void AMissingColumnIsPlacedWhereTheRowEnds() => AssertError(ConvHeader + "c1, 8, 8, 3, 3, 4, 8,\n",
        "t.csv:2:22: error: column 'Strides': expected a positive integer, got the end of the row (a convolution row has 8 or 9 columns: " +
        "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides[, Stride width])");

    [Test]
    public void AnExtraColumnIsPlacedAtIt() => AssertError(GemmHeader + "fc, 1, 2, 3, 4,\n",
        "t.csv:2:14: error: column 5: expected the end of the row (a GEMM row has 4 columns: Layer name, M, N, K)");

    [Test]
    public void ANonIntegerIsQuoted() => AssertError(ConvHeader + "c1, 8, 8.5, 3, 3, 4, 8, 1,\n",
        "t.csv:2:8: error: column 'IFMAP Width': expected a positive integer, got '8.5'");

    [Test]
    public void ALongNonIntegerIsQuotedAsAnExcerpt() => AssertError(GemmHeader + $"fc, 1, {new string('x', 100)}, 3,\n",
        $"t.csv:2:8: error: column 'N': expected a positive integer, got '{new string('x', 37)}...'");

    [Test]
    public void ZeroAndNegativeSizesAreRejected()
    {
        AssertError(ConvHeader + "c1, 8, 8, 3, 3, 0, 8, 1,\n", "t.csv:2:17: error: column 'Channels': expected a positive integer, got '0'");
        AssertError(GemmHeader + "fc, 1, 2, -3,\n", "t.csv:2:11: error: column 'K': expected a positive integer, got '-3'");
        AssertError(GemmHeader + "fc, 1, , 3,\n", "t.csv:2:7: error: column 'N': expected a positive integer, got nothing");
    }

    [Test]
    public void ASizeBeyondTheSanityBoundIsRejected() => AssertError(GemmHeader + "fc, 99999999999999999999, 2, 3,\n",
        "t.csv:2:5: error: column 'M': expected a positive integer no larger than 16777216 (sanity bound), got '99999999999999999999'");

    [Test]
    public void AFilterBiggerThanTheIfmapIsRejected()
    {
        AssertError(ConvHeader + "c1, 8, 8, 9, 3, 4, 8, 1,\n", "t.csv:2:11: error: column 'Filter Height': expected at most the IFMAP Height, 8, got '9'");
        AssertError(ConvHeader + "c1, 8, 5, 3, 6, 4, 8, 1,\n", "t.csv:2:14: error: column 'Filter Width': expected at most the IFMAP Width, 5, got '6'");
    }

    [Test]
    public void AnEmptyNameIsRejected() => AssertError(GemmHeader + " , 1, 2, 3,\n",
        "t.csv:2:1: error: column 'Layer name': expected a layer name, got nothing");

    [Test]
    public void ALayerBeyondTheTensorBoundIsRejectedAtItsRow() => AssertError(ConvHeader + "c1, 8, 8, 3, 3, 4, 8, 1,\nbig, 16384, 16384, 3, 3, 1024, 8, 1,\n",
        "t.csv:3:1: error: layer 'big': input tensor [1, 1024, 16384, 16384] has 274877906944 elements, more than the limit of 2147483647 (2^31 - 1)");

    [Test]
    public void AnEmptyFileOrOnlyAHeaderHasNoLayers()
    {
        AssertError("", "t.csv:1:1: error: the file is empty (expected a SCALE-Sim topology: a header row, then a row per layer)");
        AssertError(" \n\n", "t.csv:1:1: error: the file is empty (expected a SCALE-Sim topology: a header row, then a row per layer)");
        AssertError(GemmHeader + "\n", "t.csv:1:1: error: expected a row per layer after the header, got none");
    }

    [Test]
    public void AFileWithoutAHeaderIsNotReadSilentlyShort() => AssertError("Conv1, 224, 224, 7, 7, 3, 64, 2,\nConv2, 56, 56, 3, 3, 64, 64, 1,\n",
        "t.csv:1:8: error: header: expected column names, got a layer row (SCALE-Sim takes the first row for the header: add one)");

    [Test]
    public void AHeaderOfNeitherFormIsRejectedWithoutQuotingIt() => AssertError("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/bin/false\n",
        "t.csv:1:1: error: header: expected the 8 or 9 columns of a convolution topology (Layer name, IFMAP Height, IFMAP Width, Filter Height, " +
        "Filter Width, Channels, Num Filter, Strides[, Stride width]) or the 4 of a GEMM one (Layer name, M, N, K), got 1");

    [Test]
    public void PathsThatAreNotATopologyFile()
    {
        string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sim-topology-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Assert.That(Assert.Throws<InputError>(() => TopologyReader.Read(dir))!.Message, Is.EqualTo($"error: {dir}: is a directory, not a file"));
            string missing = System.IO.Path.Combine(dir, "none.csv");
            Assert.That(Assert.Throws<InputError>(() => TopologyReader.Read(missing))!.Message, Is.EqualTo($"error: {missing}: no such file"));
            Assert.That(Assert.Throws<InputError>(() => TopologyReader.Read("a\0b.csv"))!.Message,
                Is.EqualTo("error: a\\u0000b.csv: expected a path, got one with the control character U+0000 in it"));
            if (File.Exists("/dev/zero"))
            {
                // A device that never ends, behind a name that looks like a topology.
                string zero = System.IO.Path.Combine(dir, "zero.csv");
                File.CreateSymbolicLink(zero, "/dev/zero");
                Assert.That(Assert.Throws<InputError>(() => TopologyReader.Read(zero))!.Message,
                    Is.EqualTo($"error: {zero}: is a device or special file, not a file"));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
