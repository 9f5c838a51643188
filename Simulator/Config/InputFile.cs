namespace Sim.Config;

/// <summary>The text of a file the user gave (a YAML configuration, a SCALE-Sim topology), read within a size bound.</summary>
internal static class InputFile
{
    /// <summary>Reads the whole file; a missing file, a directory or an IO failure is an error without position.</summary>
    public static string ReadText(string path)
    {
        InputPath.RequireFile(path);
        try
        {
            long length = new FileInfo(path).Length;
            if (length > ConfigBounds.MaxFileBytes)
                throw new InputError($"{path}: the file is {length} bytes, more than the {ConfigBounds.MaxFileBytes >> 20} MiB an input file may be");
            // Read at most one character past the limit, whatever the file says its length is: a device such as
            // /dev/zero reports 0 bytes and never ends.
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            var text = new System.Text.StringBuilder();
            var chunk = new char[64 << 10];
            int n;
            while ((n = reader.Read(chunk, 0, chunk.Length)) > 0)
            {
                text.Append(chunk, 0, n);
                if (text.Length > ConfigBounds.MaxFileBytes)
                    throw new InputError($"{path}: more than the {ConfigBounds.MaxFileBytes >> 20} MiB an input file may be (is it a regular file?)");
            }
            return text.ToString();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new InputError($"{path}: cannot read: {e.Message}");
        }
    }
}
