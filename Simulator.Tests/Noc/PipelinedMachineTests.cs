using Sim.Accelerator;
using Sim.Config;
using Sim.Run;
using Sim.Tests.Run;

namespace Sim.Tests.Noc;

/// <summary>
/// Two identical layers pipelined over two cores at batch 3, timed by hand on the machine of <see cref="MultiCoreMachineTests"/>
/// (1 GHz core, 2x1 mesh, memory 64 GB/s with 10 ns latency): a 64-byte load and its store's acknowledgement take
/// 18 cycles from core 0 (one link from memory) and 25 from core 1 (two links).
/// </summary>
public class PipelinedMachineTests
{
    [Test]
    public void BatchThreeThroughTwoStagesTakesFourStageTimesPlusTheHandOffs()
    {
        var hw = TestScenarios.Array16() with { Memory = new SimpleMemoryConfig(LatencyNs: 10, BandwidthGBps: 64), Cores = 2 };
        // Each layer one step for the batch: 3000 cycles, 192 bytes in and out; an inference's part is T = 1000 cycles and 64 bytes each way.
        var first = new LayerCommands([new TileStep(new MemoryRange(0, 192), MemoryRange.None, 3000, new MemoryRange(1 << 20, 192))], 0, 0);
        var second = new LayerCommands([new TileStep(new MemoryRange(1 << 20, 192), MemoryRange.None, 3000, new MemoryRange(2 << 20, 192))], 0, 0)
        {
            WaitsFor = [0],
        };
        var program = PipelinedProgram.Of([first, second], PipelineStages.Balance([3000, 3000], 2), batch: 3, cores: 2);
        Assert.That(program.Cores, Is.EqualTo(new[] { 0, 1, 0, 1, 0, 1 }));
        Assert.That(program.Commands[3].WaitsFor, Is.EqualTo(new[] { 2 }));

        var machine = new Machine(hw);
        var timing = machine.Run(program.Commands);
        // (B + S - 1) T = 4 x 1000 compute on the critical path: core 0 computes inference 0 from 18 (its load) to 1018;
        // its store is acknowledged at 1036; core 1 loads (25) and computes 1061-2061, then inferences 1 and 2 (each stored
        // by core 0 at 2036 and 3036, before core 1 is free), 2061-3061 and 3061-4061; its last store is acknowledged at 4086.
        Assert.That(timing.Cycles, Is.EqualTo(4000 + 18 + 18 + 25 + 25));
        for (int b = 0; b < 3; b++)
        {
            Assert.That(machine.CoreCycles(program.Entry(0, b)).Compute, Is.EqualTo(new long[] { 1000, 0 }));
            Assert.That(machine.CoreCycles(program.Entry(1, b)).Compute, Is.EqualTo(new long[] { 0, 1000 }));
        }
    }
}
