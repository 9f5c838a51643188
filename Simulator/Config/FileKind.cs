using System.Runtime.InteropServices;

namespace Sim.Config;

/// <summary>
/// Whether a path that exists is a regular file, from Linux's statx (whose layout, unlike stat's, is the same on every
/// architecture). .NET reports a device such as /dev/null as a "Normal" empty file, and an output written beside it and
/// renamed over it would replace the device node. Where statx is not there (another OS), every file counts as regular.
/// </summary>
internal static partial class FileKind
{
    private const int AtFdCwd = -100, StatxType = 1, ModeOffset = 28, TypeMask = 0xF000, Regular = 0x8000;

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, Span<byte> buffer);

    /// <summary>False only for a path statx finds and says is not a regular file (a device, a pipe, a socket).</summary>
    public static bool IsRegularOrUnknown(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return true;
        }
        catch (EntryPointNotFoundException)
        {
            return true;
        }
        catch (DllNotFoundException)
        {
            return true;
        }
        return (BitConverter.ToUInt16(buffer[ModeOffset..]) & TypeMask) == Regular;
    }
}
