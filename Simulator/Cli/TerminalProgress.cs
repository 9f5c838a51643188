namespace Sim.Cli;

/// <summary>
/// A one-line progress counter, redrawn in place, shown only when the stream is a terminal:
/// interactive runs see where they are, logs and pipes stay clean.
/// </summary>
internal sealed class TerminalProgress(TextWriter writer, int total)
{
    private readonly bool _enabled = ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;

    public void Report(int done, string what)
    {
        if (_enabled) writer.Write($"\r\u001b[K[{done}/{total}] {what}");
    }

    public void Done()
    {
        if (_enabled) writer.Write("\r\u001b[K");
    }
}
