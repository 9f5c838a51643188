namespace Sim.Report;

/// <summary>
/// A file replaced whole, for outputs that share a folder with other things (a sweep's plots and CSV sit beside
/// its database, so no folder of theirs can be swapped as a report's is: see <see cref="ReportFolder"/>). The
/// bytes go to <c>.NAME.tmp-PID</c> beside the file, which is then renamed over it: a killed process leaves the
/// old file or the new one, never half of one.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, byte[] bytes)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}");
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            // Gone after the rename; after a failed write, what it left.
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
