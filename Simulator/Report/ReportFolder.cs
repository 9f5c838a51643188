using Sim.Config;

namespace Sim.Report;

/// <summary>
/// The folder a run writes its reports to, checked before the run starts: a run that cannot write its
/// report should fail at once, not after it has simulated a whole network.
/// </summary>
internal static class ReportFolder
{
    /// <summary>Creates <paramref name="directory"/> if need be and proves it writable; any failure is one error line.</summary>
    public static void Prepare(string directory, string option = "--out")
    {
        if (string.IsNullOrWhiteSpace(directory))
            throw new InputError($"{option}: expected a folder path, got an empty one");
        if (directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            throw new InputError($"{option}: expected a folder path, got one with a control character in it");
        if (File.Exists(directory))
            throw new InputError($"{option} {directory}: is a file, not a folder");
        try
        {
            Directory.CreateDirectory(directory);
            // A probe proves the folder takes new files (a read-only mount, /proc, a folder not ours do not).
            string probe = Path.Combine(directory, $".sim-write-check-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InputError($"{option} {directory}: cannot write reports there ({e.Message})");
        }
    }
}
