namespace Sim.Accelerator;

/// <summary>
/// Joins the cores of a multi-core chip at layer boundaries: a layer is stored once every core has stored its slice,
/// and only then may a layer that reads it load its activations (its weights need not wait), or its outputs go down
/// the host link. Core 0 (the first controller to join) carries the host link's transfers, so the others wait for its
/// uploads too. Whoever waits is woken by an event at the moment the barrier passes.
/// </summary>
internal sealed class LayerBarrier
{
    private readonly List<Controller> _cores = new();
    private int[] _stored = [];
    private bool[] _uploaded = [];

    /// <summary>Core 0's controller, or null before any has joined.</summary>
    public Controller? Lead => _cores.Count > 0 ? _cores[0] : null;

    public void Join(Controller core) => _cores.Add(core);

    /// <summary>Before a program: no layer stored; uploaded the layers that upload nothing.</summary>
    public void Reset(IReadOnlyList<LayerCommands> leadProgram)
    {
        _stored = new int[leadProgram.Count];
        _layersStored = 0;
        _uploaded = leadProgram.Select(l => l.UploadBytes <= 0).ToArray();
    }

    public bool AllStored(int layer) => _stored[layer] == _cores.Count;

    /// <summary>Every layer of the program is stored on every core: no core's run ends before this.</summary>
    public bool ProgramStored => _layersStored == _stored.Length;

    private int _layersStored;

    public bool HasUploaded(int layer) => _uploaded[layer];

    /// <summary>A core has stored its slice of the layer.</summary>
    public void Arrive(int layer)
    {
        if (++_stored[layer] < _cores.Count) return;
        _layersStored++;
        WakeAll(layer);
    }

    /// <summary>Core 0's upload for the layer has landed.</summary>
    public void Uploaded(int layer)
    {
        _uploaded[layer] = true;
        WakeAll(layer);
    }

    private void WakeAll(int layer)
    {
        foreach (var core in _cores) core.Wake(layer);
    }
}
