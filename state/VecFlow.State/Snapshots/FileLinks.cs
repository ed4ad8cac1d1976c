using System.Runtime.InteropServices;

namespace VecFlow.State.Snapshots;

/// <summary>Hard links of immutable snapshot files (RocksDB SST files), with a copy where a link cannot be made.</summary>
internal static partial class FileLinks
{
    /// <summary>
    /// Makes <paramref name="target"/> a hard link to the file <paramref name="source"/> resolves to (symbolic links
    /// followed), so the file outlives the checkpoint it came from; copies it where hard links are not possible
    /// (another file system, another platform).
    /// </summary>
    public static void LinkOrCopy(string source, string target)
    {
        string file = new FileInfo(source).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? source;
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                if (Link(file, target) == 0)
                {
                    return;
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // No libc link(): copy below.
            }
        }

        File.Copy(file, target);
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string created);
}
