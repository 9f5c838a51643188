using Sim.Accelerator;

namespace Sim.Run;

/// <summary>
/// A batched network program unrolled for layer pipelining: one entry per (layer, inference), inference-major, each
/// with all its steps on its layer's stage core (<see cref="PipelineStages"/>). Entry (l, b) loads its activations once
/// the entries (p, b) it reads from are stored; a core runs its entries in program order, so inference b's stage
/// follows inference b - 1's on the same core.
/// <para>Inference b's part of a layer is its share of each of the batched layer's tile steps (bytes and cycles,
/// <see cref="ElementSplit"/>): the batched mapping's tiles stay as they are, so a tile's fill and drain are shared by
/// the inferences in it rather than repeated, and a stage's weights move once over the batch. The numerics are the
/// batched layer's, so no output bit changes. The link's transfers are shared the same way, inference by inference.</para>
/// </summary>
/// <param name="Commands">The entries, inference-major: entry b L + l is layer l of inference b.</param>
/// <param name="Cores">Each entry's core.</param>
/// <param name="Stages">The layers' stages.</param>
internal sealed record PipelinedProgram(IReadOnlyList<LayerCommands> Commands, IReadOnlyList<int> Cores, PipelineStages Stages, int Layers, int Batch)
{
    public static PipelinedProgram Of(IReadOnlyList<LayerCommands> program, PipelineStages stages, int batch, int cores)
    {
        int layers = program.Count;
        var commands = new LayerCommands[layers * batch];
        var coreOf = new int[commands.Length];
        for (int l = 0; l < layers; l++)
        {
            var layer = program[l];
            var (parts, counts) = ElementSplit.Of(layer.Steps, batch);
            int core = stages.StageOf[l];
            for (int b = 0, first = 0; b < batch; first += counts[b], b++)
            {
                var onCore = new int[cores];
                onCore[core] = counts[b];
                commands[Entry(l, b, layers)] = new LayerCommands(parts.GetRange(first, counts[b]),
                    ElementSplit.Share(layer.UploadBytes, b, batch), ElementSplit.Share(layer.DownloadBytes, b, batch))
                {
                    WaitsFor = layer.WaitsFor.Select(p => Entry(p, b, layers)).ToArray(),
                    Unit = layer.Unit,
                    CoreStepCounts = onCore,
                };
                coreOf[Entry(l, b, layers)] = core;
            }
        }
        return new PipelinedProgram(commands, coreOf, stages, layers, batch);
    }

    /// <summary>The position of layer <paramref name="layer"/> of inference <paramref name="inference"/>.</summary>
    public int Entry(int layer, int inference) => Entry(layer, inference, Layers);

    private static int Entry(int layer, int inference, int layers) => inference * layers + layer;
}
