using System.Reflection;

namespace Sim.Sweep;

/// <summary>
/// Which build of the simulator computed a result: its informational version and the module version id (MVID) of its
/// assembly. The compiler derives the MVID from everything it compiles (builds are deterministic), so any change to the
/// model's code gives another stamp, and a rebuild of the same code the same one. A sweep point's key includes it, so
/// that a changed model never takes a point an older one stored for the same configuration.
/// </summary>
internal static class ModelStamp
{
    public static string Current { get; } = Of(typeof(ModelStamp).Assembly);

    private static string Of(Assembly assembly)
    {
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                         ?? assembly.GetName().Version?.ToString() ?? "0";
        return $"sim {version} mvid {assembly.ManifestModule.ModuleVersionId:N}";
    }
}
