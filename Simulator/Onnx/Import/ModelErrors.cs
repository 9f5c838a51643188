using Sim.Config;

namespace Sim.Onnx.Import;

/// <summary>
/// An error about an ONNX model names the model's file: a node's name alone does not say which file to open, and a
/// run may load several models (a sweep, a regression suite). Errors that already name it (the reader's) stay as they are.
/// </summary>
internal static class ModelErrors
{
    public static T InFile<T>(string path, Func<T> work)
    {
        try
        {
            return work();
        }
        catch (InputError e) when (e.File is null && !e.Reason.Contains(path, StringComparison.Ordinal))
        {
            throw new InputError($"{path}: {e.Reason}");
        }
    }
}
