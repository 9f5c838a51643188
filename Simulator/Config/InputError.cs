namespace Sim.Config;

/// <summary>
/// Bad input from the user (a YAML file, an ONNX file, a command-line argument). The command line
/// prints <see cref="Exception.Message"/> as one line and exits with code 2; never a stack trace. The message has
/// its control characters escaped, whatever a path or a quoted value held: one line, and nothing the terminal obeys.
/// </summary>
internal sealed class InputError : Exception
{
    public string? File { get; }
    public int Line { get; }
    public int Column { get; }
    public string Reason { get; }

    /// <summary>An error at a position in a file (line and column start at 1).</summary>
    public InputError(string file, int line, int column, string reason)
        : base(Excerpt.Escape($"{file}:{line}:{column}: error: {reason}"))
    {
        File = file; Line = line; Column = column; Reason = reason;
    }

    /// <summary>An error with no position: a missing file, a bad argument.</summary>
    public InputError(string reason) : base(Excerpt.Escape($"error: {reason}"))
    {
        Reason = reason;
    }
}
