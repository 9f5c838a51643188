using Sim.PeArray;
using Sim.Config;
using static Sim.Tests.Config.ConfigTestSupport;

namespace Sim.Tests.Config;

public class HardwareLoaderTests
{
    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();
    [TearDown] public void TearDown() => _dir.Dispose();

    private string Write(string text) => _dir.Write("hw.yaml", text);

    private void AssertHardwareError(string text, string positionAndReason)
    {
        string path = Write(text);
        AssertError(() => HardwareLoader.Load(path), $"{path}:{positionAndReason}");
    }

    [Test]
    public void ValidFileLoadsEveryValue()
    {
        string path = Write(Hardware);
        var hw = HardwareLoader.Load(path);
        Assert.Multiple(() =>
        {
            Assert.That(hw.Name, Is.EqualTo("test-hw"));
            Assert.That(hw.SourcePath, Is.EqualTo(path));
            Assert.That(hw.PeArray, Is.EqualTo(new PeArrayConfig(4, 8, Dataflow.WeightStationary, 500)));
            Assert.That(hw.NumberFormat, Is.EqualTo(Sim.Numerics.ElementFormat.Int8));
            Assert.That(hw.Scratchpads.Input, Is.EqualTo(new ScratchpadConfig(4096, 2, 8, 1)));
            Assert.That(hw.Memory, Is.EqualTo(new SimpleMemoryConfig(50, 10)));
            Assert.That(hw.VectorUnit.Lanes, Is.EqualTo(8));
        });
    }

    [Test]
    public void CapacityMayBeGivenInBytes()
    {
        var hw = HardwareLoader.Load(Write(Hardware.Replace("weight: { capacity_kib: 4,", "weight: { capacity_bytes: 100,")));
        Assert.That(hw.Scratchpads.Weight.CapacityBytes, Is.EqualTo(100));
    }

    [Test]
    public void Uint8IsAccepted() =>
        Assert.That(HardwareLoader.Load(Write(Hardware.Replace("number_format: int8", "number_format: uint8"))).NumberFormat,
            Is.EqualTo(Sim.Numerics.ElementFormat.Uint8));

    // 1. Unknown key.
    [Test]
    public void UnknownKey() => AssertHardwareError(Hardware.Replace("  cols: 8", "  colz: 8"),
        "4:3: error: unknown key 'colz' in pe_array (expected one of: rows, cols, dataflow, clock_mhz, im2col, weight_buffers, depthwise, int4_packing); did you mean 'cols'?");

    [Test]
    public void UnknownTopLevelKey() => AssertHardwareError(Hardware + "extra: 1\n",
        "17:1: error: unknown key 'extra' at the top level (expected one of: name, pe_array, number_format, accumulator, sparsity, scratchpads, memory, vector_unit, sfu, host_link, dma, energy, mapper, area, technology_nm, cores, noc)");

    [Test]
    public void UnknownMapperObjective() => AssertHardwareError(Hardware + "mapper: { mode: search, objective: speed }\n",
        "17:36: error: mapper.objective: unknown value 'speed' (expected one of: latency, energy, edp)");

    [Test]
    public void ThreeWeightBuffersAreRefused() => AssertHardwareError(Hardware.Replace("  cols: 8", "  cols: 8\n  weight_buffers: 3"),
        "5:19: error: pe_array.weight_buffers: expected 1 or 2 weight registers per PE, got 3");

    [Test]
    public void MapperAndIm2ColAreRead()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sim-hw-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Hardware.Replace("  cols: 8", "  cols: 8\n  im2col: dram") + "mapper: { mode: fixed, objective: edp }\n");
        try
        {
            var hw = HardwareLoader.Load(path);
            Assert.That((hw.Mapper.Mode, hw.Mapper.Objective, hw.PeArray.Im2Col), Is.EqualTo((MapperMode.Fixed, MapperObjective.Edp, Im2ColSource.Dram)));
        }
        finally { File.Delete(path); }
    }

    // 2. Wrong type: a string where a number is expected.
    [Test]
    public void StringWhereNumberExpected() => AssertHardwareError(Hardware.Replace("rows: 4", "rows: four"),
        "3:9: error: pe_array.rows: expected a positive integer, got four");

    [Test]
    public void QuotedNumberIsAString() => AssertHardwareError(Hardware.Replace("clock_mhz: 500", "clock_mhz: \"500\""),
        "6:14: error: pe_array.clock_mhz: expected a number from 1 to 10000, got the string \"500\"");

    [Test]
    public void MappingWhereScalarExpected() => AssertHardwareError(Hardware.Replace("  lanes: 8", "  lanes: { x: 1 }"),
        "16:10: error: vector_unit.lanes: expected a positive integer, got a mapping");

    // 3. Negative or zero size.
    [Test]
    public void NegativeSize() => AssertHardwareError(Hardware.Replace("rows: 4", "rows: -4"),
        "3:9: error: pe_array.rows: expected a positive integer, got -4");

    [Test]
    public void ZeroSize() => AssertHardwareError(Hardware.Replace("  lanes: 8", "  lanes: 0"),
        "16:10: error: vector_unit.lanes: expected a positive integer, got 0");

    [Test]
    public void ZeroBandwidth() => AssertHardwareError(Hardware.Replace("bandwidth_gbps: 10", "bandwidth_gbps: 0"),
        "14:19: error: memory.bandwidth_gbps: expected a number from 0.001 to 100000, got 0");

    // 4. Missing required field.
    [Test]
    public void MissingRequiredKey() => AssertHardwareError(Hardware.Replace("  clock_mhz: 500\n", ""),
        "2:1: error: pe_array: missing required key 'clock_mhz'");

    [Test]
    public void MissingCapacity() => AssertHardwareError(Hardware.Replace("output: { capacity_kib: 4, ", "output: { "),
        "11:3: error: scratchpads.output: missing required key 'capacity_kib' (or 'capacity_bytes')");

    [Test]
    public void MissingTopLevelSection() => AssertHardwareError(Hardware.Replace("vector_unit:\n  lanes: 8\n", ""),
        "1:1: error: missing required key 'vector_unit'");

    [Test]
    public void BothCapacityKeys() => AssertHardwareError(Hardware.Replace("input:  { capacity_kib: 4,", "input:  { capacity_kib: 4, capacity_bytes: 10,"),
        "9:30: error: scratchpads.input: give capacity_kib or capacity_bytes, not both");

    // 5. Duplicate key.
    [Test]
    public void DuplicateKey() => AssertHardwareError(Hardware.Replace("  rows: 4\n", "  rows: 4\n  rows: 5\n"),
        "4:3: error: duplicate key 'rows' (first given at line 3)");

    [Test]
    public void DuplicateKeyInFlowMapping() => AssertHardwareError(Hardware.Replace("ports: 1 }\n  weight", "ports: 1, banks: 3 }\n  weight"),
        "9:66: error: duplicate key 'banks' (first given at line 9)");

    // 6. Bad enum value lists the allowed values.
    [Test]
    public void BadDataflow() => AssertHardwareError(Hardware.Replace("dataflow: weight_stationary", "dataflow: row_stationary"),
        "5:13: error: pe_array.dataflow: unknown value 'row_stationary' (expected one of: weight_stationary, output_stationary, input_stationary)");

    [Test]
    public void BadDepthwiseMode() => AssertHardwareError(
        Hardware.Replace("dataflow: weight_stationary", "dataflow: weight_stationary\n  depthwise: packed"),
        "6:14: error: pe_array.depthwise: unknown value 'packed' (expected one of: per_channel, channel_parallel)");

    [Test]
    public void OutputStationaryRefusesChannelParallelDepthwise() => AssertHardwareError(
        Hardware.Replace("dataflow: weight_stationary", "dataflow: output_stationary\n  depthwise: channel_parallel"),
        "5:13: error: pe_array.dataflow: depthwise: channel_parallel needs a weight- or input-stationary array: its columns hold one channel's window each");

    [Test]
    public void OutputStationaryRefusesInt4Packing() => AssertHardwareError(
        Hardware.Replace("dataflow: weight_stationary", "dataflow: output_stationary\n  int4_packing: true"),
        "5:13: error: pe_array.dataflow: int4_packing needs a weight- or input-stationary array: its pairs sit in held operand registers");

    [Test]
    public void OutputStationaryRefusesASecondWeightBuffer() => AssertHardwareError(
        Hardware.Replace("dataflow: weight_stationary", "dataflow: output_stationary\n  weight_buffers: 2"),
        "5:13: error: pe_array.dataflow: weight_buffers: 2 needs a weight- or input-stationary array: the output-stationary array holds no weights");

    [Test]
    public void BadNumberFormat() => AssertHardwareError(Hardware.Replace("number_format: int8", "number_format: fp32"),
        "7:16: error: number_format: unknown value 'fp32' (expected one of: int4, int8, uint8, int16, fp8_e4m3, fp8_e5m2, fp16, bf16)");

    [Test]
    public void AccumulatorDefaultsToTheOperandsNaturalOne()
    {
        Assert.That(HardwareLoader.Load(Write(Hardware)).Accumulator, Is.EqualTo(Sim.Numerics.ElementFormat.Int32));
        Assert.That(HardwareLoader.Load(Write(Hardware.Replace("number_format: int8", "number_format: fp8_e5m2"))).Accumulator,
            Is.EqualTo(Sim.Numerics.ElementFormat.Fp32));
        var narrow = HardwareLoader.Load(Write(Hardware.Replace("number_format: int8", "number_format: bf16\naccumulator: fp16")));
        Assert.That((narrow.NumberFormat, narrow.Accumulator), Is.EqualTo((Sim.Numerics.ElementFormat.Bf16, Sim.Numerics.ElementFormat.Fp16)));
    }

    [Test]
    public void AccumulatorMustSuitTheOperands() => AssertHardwareError(Hardware.Replace("number_format: int8", "number_format: int8\naccumulator: fp32"),
        "8:14: error: accumulator: fp32 cannot accumulate int8 operands (number_format); expected one of: int32, int16");

    // 7. YAML syntax errors, at the position where the parser stopped.
    [Test]
    public void SyntaxErrorUnclosedList() => AssertHardwareError(Hardware.Replace("rows: 4", "rows: [4, 8"),
        "4:3: error: YAML syntax error: the parser cannot continue here (an unclosed '[', '{' or quote above?)");

    [Test]
    public void SyntaxErrorTabIndentation() => AssertHardwareError("name: x\npe_array:\n\trows: 4\n",
        "3:1: error: YAML syntax error: a tab in the indentation (YAML indents with spaces only)");

    [Test]
    public void SyntaxErrorBadMapping() => AssertHardwareError(Hardware.Replace("name: test-hw", "name: a: b"),
        "1:8: error: YAML syntax error: while scanning a plain scalar value, found invalid mapping.");

    [Test]
    public void UndefinedAlias() => AssertHardwareError(Hardware.Replace("rows: 4", "rows: *four"),
        "3:9: error: YAML error: alias '*four' refers to no anchor '&four' defined above");

    [Test]
    public void SelfReferencingAlias() =>
        AssertHardwareError(Hardware.Replace("vector_unit:\n  lanes: 8", "vector_unit: &v\n  lanes: 8\n  again: [1, *v]"),
            "17:14: error: YAML error: alias '*v' refers to the node it is inside (the document would be endless)");

    // 8. Empty file.
    [Test]
    public void EmptyFile() => AssertHardwareError("",
        "1:1: error: the file is empty (expected a hardware configuration with keys name, pe_array, number_format, accumulator, sparsity, scratchpads, memory, vector_unit, sfu, host_link, dma, energy, mapper, area, technology_nm, cores, noc)");

    [Test]
    public void CommentsOnlyFileIsEmpty() => AssertHardwareError("# nothing here\n\n",
        "1:1: error: the file is empty (expected a hardware configuration with keys name, pe_array, number_format, accumulator, sparsity, scratchpads, memory, vector_unit, sfu, host_link, dma, energy, mapper, area, technology_nm, cores, noc)");

    [Test]
    public void TopLevelListIsNotAConfiguration() => AssertHardwareError("- a\n- b\n",
        "1:1: error: expected a mapping of keys at the top level (a hardware configuration with keys name, pe_array, number_format, accumulator, sparsity, scratchpads, memory, vector_unit, sfu, host_link, dma, energy, mapper, area, technology_nm, cores, noc), got a list of 2");

    [Test]
    public void TwoDocuments() => AssertHardwareError(Hardware + "---\nname: other\n",
        "18:1: error: expected one YAML document, found 2 (remove the extra '---')");

    // 9. Scratchpad too small for any tile, at the offending capacity key's value.
    [Test]
    public void WeightScratchpadTooSmall() => AssertHardwareError(Hardware.Replace("weight: { capacity_kib: 4,", "weight: { capacity_bytes: 32,"),
        "10:29: error: scratchpads.weight.capacity_bytes: 32 bytes is too small for any tile: the buffer must hold two 4 x 8 int8 weight tiles, at least 64 bytes");

    [Test]
    public void OutputScratchpadTooSmallForLargeArray() => AssertHardwareError(
        Hardware.Replace("rows: 4", "rows: 256").Replace("cols: 8", "cols: 256").Replace("weight: { capacity_kib: 4,", "weight: { capacity_kib: 128,")
            .Replace("output: { capacity_kib: 4,", "output: { capacity_kib: 1,"),
        "11:27: error: scratchpads.output.capacity_kib: 1 KiB (1024 bytes) is too small for any tile: the buffer must hold two rows of 256 int32 partial sums, at least 2048 bytes");

    // 12. Absurdly large sizes.
    [Test]
    public void AbsurdRows() => AssertHardwareError(Hardware.Replace("rows: 4", "rows: 100000"),
        "3:9: error: pe_array.rows: expected a positive integer no larger than 4096 (sanity bound), got 100000");

    [Test]
    public void CapacityOverOneTiB() => AssertHardwareError(Hardware.Replace("input:  { capacity_kib: 4,", "input:  { capacity_kib: 2000000000,"),
        "9:27: error: scratchpads.input.capacity_kib: expected a positive integer no larger than 1073741824 (sanity bound), got 2000000000");

    [Test]
    public void IntegerBeyondLong() => AssertHardwareError(Hardware.Replace("  lanes: 8", "  lanes: 99999999999999999999999"),
        "16:10: error: vector_unit.lanes: expected a positive integer no larger than 65536, got 99999999999999999999999");

    // Non-integer where an integer is needed.
    [Test]
    public void FractionalRows() => AssertHardwareError(Hardware.Replace("rows: 4", "rows: 3.5"),
        "3:9: error: pe_array.rows: expected a positive integer, got 3.5 (not an integer)");

    [Test]
    public void NullValue() => AssertHardwareError(Hardware.Replace("rows: 4", "rows:"),
        "3:8: error: pe_array.rows: expected a positive integer, got nothing (null)");

    [Test]
    public void InfiniteClock() => AssertHardwareError(Hardware.Replace("clock_mhz: 500", "clock_mhz: .inf"),
        "6:14: error: pe_array.clock_mhz: expected a number from 1 to 10000, got .inf (not a finite number)");

    [Test]
    public void DeepNestingIsRejectedBeforeTheRecursiveParser() => AssertHardwareError("name: " + new string('[', 100) + new string(']', 100) + "\n",
        "1:70: error: YAML nested more than 64 levels deep");

    [Test]
    public void HugeFileIsRejected()
    {
        string path = Write("# " + new string('x', 17 << 20) + "\n");
        AssertError(() => HardwareLoader.Load(path), $"error: {path}: the file is {new FileInfo(path).Length} bytes, more than the 16 MiB an input file may be");
    }

    [Test]
    public void AClockSoSlowThatTimeWouldOverflowIsRejected() =>
        AssertHardwareError(Hardware.Replace("clock_mhz: 500", "clock_mhz: 5e-324"),
            "6:14: error: pe_array.clock_mhz: expected a number from 1 to 10000, got 5e-324");

    [Test]
    public void ADeviceThatNeverEndsIsRejected() =>
        AssertError(() => HardwareLoader.Load("/dev/zero"), "error: /dev/zero: is a device or special file, not a file");

    // Missing top-level file: no position.
    [Test]
    public void MissingFile()
    {
        string path = Path.Combine(_dir.Root, "nope.yaml");
        var e = AssertError(() => HardwareLoader.Load(path), $"error: {path}: no such file");
        Assert.That(e.File, Is.Null);
    }

    [Test]
    public void DirectoryInsteadOfFile() =>
        AssertError(() => HardwareLoader.Load(_dir.Root), $"error: {_dir.Root}: is a directory, not a file");

    [Test]
    public void ErrorCarriesPosition()
    {
        string path = Write(Hardware.Replace("rows: 4", "rows: -4"));
        var e = Assert.Throws<InputError>(() => HardwareLoader.Load(path))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.File, Is.EqualTo(path));
            Assert.That(e.Line, Is.EqualTo(3));
            Assert.That(e.Column, Is.EqualTo(9));
            Assert.That(e.Reason, Is.EqualTo("pe_array.rows: expected a positive integer, got -4"));
        });
    }
}

public class SparsityConfigTests
{
    private TempConfigDir _dir = null!;

    [SetUp] public void SetUp() => _dir = new TempConfigDir();
    [TearDown] public void TearDown() => _dir.Dispose();

    private HardwareConfig Load(string sparsity) =>
        HardwareLoader.Load(_dir.Write("hw.yaml", ConfigTestSupport.Hardware + sparsity));

    [Test]
    public void AllOffByDefault() => Assert.That(Load("").Sparsity, Is.EqualTo(SparsityConfig.None));

    [Test]
    public void EveryKey() => Assert.That(
        Load("sparsity: { zero_gating: true, zero_skipping: vector, structured_2_4: true, compression: bitmap }\n").Sparsity,
        Is.EqualTo(new SparsityConfig(true, ZeroSkipping.Vector, true, Compression.Bitmap)));

    [Test]
    public void UnknownSkippingScheme()
    {
        string path = _dir.Write("hw.yaml", ConfigTestSupport.Hardware + "sparsity: { zero_skipping: lanes }\n");
        ConfigTestSupport.AssertError(() => HardwareLoader.Load(path),
            $"{path}:17:28: error: sparsity.zero_skipping: unknown value 'lanes' (expected one of: none, vector)");
    }

    [Test]
    public void TwoToFourNeedsEvenRows()
    {
        string path = _dir.Write("hw.yaml", ConfigTestSupport.Hardware.Replace("rows: 4", "rows: 5") + "sparsity: { structured_2_4: true }\n");
        ConfigTestSupport.AssertError(() => HardwareLoader.Load(path),
            $"{path}:17:29: error: sparsity.structured_2_4: 2:4 weights pair up PE rows (two per group of four K rows), so the array needs an even number of rows, not 5");
    }
}
