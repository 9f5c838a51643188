namespace Sim.Config;

/// <summary>
/// Checks a path the user gave before it is opened, with one wording for every command: a folder given where a
/// file belongs (or a file where a folder does) is reported as such, never as missing, and a path that no file
/// can have (a NUL in it) is said to be one. A path is shown whole: it names a file, it is not the file's content
/// (<see cref="InputError"/> escapes its control characters).
/// </summary>
internal static class InputPath
{
    /// <summary>The longest path a message or a file value may hold (Linux's PATH_MAX).</summary>
    public const int MaxChars = 4096;

    /// <summary>What is wrong with <paramref name="path"/> as a file to read ("no such file"), or null when it names one.</summary>
    /// <param name="kind">What the file should be, for the folder case: "is a directory, not {kind}".</param>
    public static string? FileProblem(string path, string kind = "a file") =>
        Unusable(path)
        ?? (Directory.Exists(path) ? $"is a directory, not {kind}"
            : File.Exists(path) ? (IsSpecial(path) ? $"is a device or special file, not {kind}" : null)
            : "no such file");

    /// <summary>What is wrong with <paramref name="path"/> as a folder to read ("no such folder"), or null when it names one.</summary>
    public static string? FolderProblem(string path) =>
        Unusable(path)
        ?? (File.Exists(path) ? "is a file, not a folder"
            : Directory.Exists(path) ? null
            : "no such folder");

    /// <summary>Throws "error: LABEL: problem" unless <paramref name="path"/> names a file; LABEL is the path unless given.</summary>
    public static void RequireFile(string path, string kind = "a file", string? label = null)
    {
        if (FileProblem(path, kind) is { } problem)
            throw Error(label ?? path, problem);
    }

    /// <summary>Throws "error: LABEL: problem" unless <paramref name="path"/> names a folder; LABEL is the path unless given.</summary>
    public static void RequireFolder(string path, string? label = null)
    {
        if (FolderProblem(path) is { } problem)
            throw Error(label ?? path, problem);
    }

    /// <summary>
    /// Throws "error: LABEL: problem" if <paramref name="path"/> cannot name a file to write (a folder is there, say). A device
    /// is refused too: an output is written beside it and renamed over it, which would replace the device node itself.
    /// </summary>
    public static void RequireWritableFile(string path, string label)
    {
        if ((Unusable(path)
             ?? (Directory.Exists(path) ? "is a directory, not a file"
                 : File.Exists(path) && !FileKind.IsRegularOrUnknown(path) ? "is a device or special file, not a file to write"
                 : UnderAFile(path))) is { } problem)
            throw Error(label, problem);
    }

    /// <summary>Where the nearest existing folder above <paramref name="path"/> is a file, says so; the write would fail after the run.</summary>
    private static string? UnderAFile(string path)
    {
        for (string? above = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(above); above = Path.GetDirectoryName(above))
        {
            if (File.Exists(above)) return $"is under {above}, which is a file, not a folder";
            if (Directory.Exists(above)) return null;
        }
        return null;
    }

    private static InputError Error(string label, string problem) =>
        new(label.Length == 0 ? problem : $"{label}: {problem}");

    /// <summary>
    /// A device such as /dev/zero passes File.Exists and says it holds 0 bytes, yet reads without end (and a /proc entry
    /// says 0 and holds some). .NET does not tell a file's type, so a file that says it is empty but yields a byte is one.
    /// A file that cannot be opened is left to the read that follows, which reports why.
    /// </summary>
    private static bool IsSpecial(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            return stream.Length == 0 && stream.ReadByte() >= 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? Unusable(string path) =>
        string.IsNullOrWhiteSpace(path) ? "expected a path, got an empty one"
        : path.Length > MaxChars ? $"expected a path, got {path.Length} characters (more than {MaxChars})"
        : path.IndexOfAny(Path.GetInvalidPathChars()) is var bad and >= 0
            ? $"expected a path, got one with the control character U+{(int)path[bad]:X4} in it"
        : null;
}
