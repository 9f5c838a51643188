using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Sim.Cosim;

/// <summary>
/// The C ABI of one built PE-array library (<c>Simulator/Rtl/cosim_common.h</c> and the array's wrapper),
/// bound by absolute path with <see cref="NativeLibrary"/> and called through unmanaged function pointers:
/// no marshalling, every argument blittable. A library stays loaded for the life of the process and is
/// shared by every array of its configuration.
/// </summary>
/// <remarks>
/// Both arrays' libraries export the sim_pe_* functions bound here unconditionally; their mode and input
/// functions differ, so each library binds its own: <see cref="SetMode"/> and <see cref="SetInputs"/> for
/// the weight-stationary array (and its <see cref="Assertions"/>), <see cref="SetOsMode"/> and <see cref="SetOsInputs"/> for the
/// output-stationary one. The other kind's pointers are null.
/// </remarks>
internal sealed unsafe class RtlLibrary
{
    private static readonly ConcurrentDictionary<string, RtlLibrary> Loaded = new();

    public readonly delegate* unmanaged<nint> Create;
    public readonly delegate* unmanaged<nint, void> Destroy;
    public readonly delegate* unmanaged<int*, int*, int*, void> Config;
    public readonly delegate* unmanaged<nint, void> Reset;
    public readonly delegate* unmanaged<nint, void> Step;
    public readonly delegate* unmanaged<nint, int*, byte*, uint*, uint*, uint*, void> ReadOutputs;
    public readonly delegate* unmanaged<nint, byte*, int> TraceOpen;
    public readonly delegate* unmanaged<nint, void> TraceClose;
    public readonly delegate* unmanaged<nint, byte*, int> CoverageWrite;

    // pe_array (cosim_wrapper.cpp)
    public readonly delegate* unmanaged<nint, int, int, void> SetMode;
    public readonly delegate* unmanaged<nint, int, int, short*, byte*, short*, byte*, byte*, short*, void> SetInputs;
    public readonly delegate* unmanaged<nint, uint> Assertions;

    // os_array (os_cosim_wrapper.cpp)
    public readonly delegate* unmanaged<nint, int, void> SetOsMode;
    public readonly delegate* unmanaged<nint, short*, byte*, short*, byte*, int, void> SetOsInputs;

    public string Path { get; }

    private RtlLibrary(string path, bool outputStationary)
    {
        Path = path;
        nint handle = NativeLibrary.Load(path);
        Create = (delegate* unmanaged<nint>)Export(handle, "sim_pe_create");
        Destroy = (delegate* unmanaged<nint, void>)Export(handle, "sim_pe_destroy");
        Config = (delegate* unmanaged<int*, int*, int*, void>)Export(handle, "sim_pe_config");
        Reset = (delegate* unmanaged<nint, void>)Export(handle, "sim_pe_reset");
        Step = (delegate* unmanaged<nint, void>)Export(handle, "sim_pe_step");
        ReadOutputs = (delegate* unmanaged<nint, int*, byte*, uint*, uint*, uint*, void>)Export(handle, "sim_pe_read_outputs");
        TraceOpen = (delegate* unmanaged<nint, byte*, int>)Export(handle, "sim_pe_trace_open");
        TraceClose = (delegate* unmanaged<nint, void>)Export(handle, "sim_pe_trace_close");
        CoverageWrite = (delegate* unmanaged<nint, byte*, int>)Export(handle, "sim_pe_coverage_write");
        if (outputStationary)
        {
            SetOsMode = (delegate* unmanaged<nint, int, void>)Export(handle, "sim_os_set_mode");
            SetOsInputs = (delegate* unmanaged<nint, short*, byte*, short*, byte*, int, void>)Export(handle, "sim_os_set_inputs");
        }
        else
        {
            SetMode = (delegate* unmanaged<nint, int, int, void>)Export(handle, "sim_pe_set_mode");
            SetInputs = (delegate* unmanaged<nint, int, int, short*, byte*, short*, byte*, byte*, short*, void>)Export(handle, "sim_pe_set_inputs");
            Assertions = (delegate* unmanaged<nint, uint>)Export(handle, "sim_pe_assertions");
        }
    }

    /// <summary>The library for <paramref name="config"/>, built if needed, loaded once per process.</summary>
    public static RtlLibrary For(RtlConfig config)
    {
        string path = RtlBuilder.Build(config);
        var library = Loaded.GetOrAdd(path, p => new RtlLibrary(p, config.OutputStationary));
        int rows, cols, width;
        library.Config(&rows, &cols, &width);
        if (rows != config.Rows || cols != config.Cols || width != config.OperandWidth)
            throw new InvalidOperationException(
                $"{path} was built for a {rows}x{cols} array of {width}-bit operands, not {config.Name}");
        return library;
    }

    private static nint Export(nint handle, string name) => NativeLibrary.GetExport(handle, name);
}
