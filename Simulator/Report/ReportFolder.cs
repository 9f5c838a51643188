using Sim.Config;

namespace Sim.Report;

/// <summary>
/// A report folder replaced whole. Everything is written into a staging folder beside the target
/// (<c>.NAME.tmp-PID</c>: the same parent, so the same file system, where a rename is atomic), which then
/// takes the target's place: the old folder renamed aside, the new one renamed in, the old one deleted. So
/// the target never holds a mix of two runs' files, and a run that fails or is interrupted before
/// <see cref="Commit"/> leaves the old report as it was and its staging folder removed (on <see cref="Dispose"/>).
/// The target is checked when staging starts: a run that cannot write its report fails at once, not after
/// it has simulated a whole network.
/// </summary>
internal sealed class ReportFolder : IDisposable
{
    private readonly string _option, _path, _aside;
    private bool _committed;

    private ReportFolder(string target, string option, string path, string staging, string aside)
    {
        Target = target;
        _option = option;
        _path = path;
        Staging = staging;
        _aside = aside;
    }

    /// <summary>The report's folder, as the user named it.</summary>
    public string Target { get; }

    /// <summary>Where the report is written until <see cref="Commit"/>.</summary>
    public string Staging { get; }

    /// <summary>Checks that <paramref name="target"/> can take a report and creates its empty staging folder; any failure is one error line.</summary>
    /// <param name="option">How the user named the folder, for the error line.</param>
    public static ReportFolder Stage(string target, string option = "--out") =>
        Guarded(target, option, () =>
        {
            string path = Writable(target, option);
            string parent = Path.GetDirectoryName(path)!, name = Path.GetFileName(path);
            string staging = Path.Combine(parent, $".{name}.tmp-{Environment.ProcessId}");
            // A staging folder of this process id is a leftover of a killed run that had the same id.
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            Directory.CreateDirectory(staging);
            return new ReportFolder(target, option, path, staging, Path.Combine(parent, $".{name}.old-{Environment.ProcessId}"));
        });

    /// <summary>
    /// Checks that files can be written into <paramref name="target"/> (created if missing), for outputs written
    /// there file by file (a sweep's plots); any failure is one error line.
    /// </summary>
    public static void Check(string target, string option) =>
        Guarded(target, option, () =>
        {
            string path = Writable(target, option);
            Directory.CreateDirectory(path);
            return Probe(path);
        });

    /// <summary>The target's full path (a link to a folder resolved), once it is known to be no file and its parent exists.</summary>
    private static string Writable(string target, string option)
    {
        if (string.IsNullOrWhiteSpace(target))
            throw new InputError($"{option}: expected a folder path, got an empty one");
        if (target.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            throw new InputError($"{option}: expected a folder path, got one with a control character in it");
        if (File.Exists(target))
            throw new InputError($"{option} {target}: is a file, not a folder");
        string path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        // A link to a folder stays a link: the report replaces the folder it points to, beside which it is staged.
        if (Directory.Exists(path) && new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { } linked)
            path = Path.TrimEndingDirectorySeparator(linked.FullName);
        string parent = Path.GetDirectoryName(path) ?? throw new InputError($"{option} {target}: expected a folder below the root");
        Directory.CreateDirectory(parent);
        // The old report's files must be deletable once the new one is in: a probe file proves that (a
        // read-only folder, /proc, a folder not ours refuse it). Creating the staging folder proves the parent writable.
        if (Directory.Exists(path)) Probe(path);
        return path;
    }

    private static bool Probe(string folder)
    {
        string probe = Path.Combine(folder, $".sim-write-check-{Environment.ProcessId}");
        File.WriteAllBytes(probe, []);
        File.Delete(probe);
        return true;
    }

    private static T Guarded<T>(string target, string option, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InputError($"{option} {target}: cannot write reports there ({e.Message})");
        }
    }

    /// <summary>
    /// Puts the staged report in the target's place. Between the two renames the target is briefly absent,
    /// never partly written; should the second rename fail, the old report is renamed back.
    /// </summary>
    public void Commit()
    {
        bool replacing = Directory.Exists(_path);
        try
        {
            if (replacing) Directory.Move(_path, _aside);
            Directory.Move(Staging, _path);
            _committed = true;
            if (replacing) Directory.Delete(_aside, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (_committed)
                throw new InputError($"{_option} {Target}: the new report is in place, but the old one could not be removed from {_aside} ({e.Message})");
            if (replacing && !PutBack())
                throw new InputError($"{_option} {Target}: cannot replace the report there ({e.Message}); the old report is in {_aside}");
            throw new InputError($"{_option} {Target}: cannot replace the report there ({e.Message})");
        }
    }

    /// <summary>The old report back in the target's place, unless something else has taken it.</summary>
    private bool PutBack()
    {
        try
        {
            if (Directory.Exists(_path)) return false;
            Directory.Move(_aside, _path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Removes the staging folder of a report that was not committed.</summary>
    public void Dispose()
    {
        if (_committed) return;
        try
        {
            if (Directory.Exists(Staging)) Directory.Delete(Staging, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Cleaning up must not hide the error that stopped the report; the leftover is named after this process.
        }
    }
}
