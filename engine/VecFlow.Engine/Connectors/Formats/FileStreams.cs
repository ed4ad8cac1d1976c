namespace VecFlow.Engine.Connectors.Formats;

/// <summary>Opens data files for reading, turning a vanished file into a clear connector error.</summary>
internal static class FileStreams
{
    /// <summary>A handle for positioned reads (<see cref="RandomAccess"/>) of the file at <paramref name="path"/>.</summary>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle OpenHandle(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConnectorException($"The file '{path}' does not exist (it was listed when the table was planned).", e);
        }
    }

    public static FileStream OpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (FileNotFoundException e)
        {
            throw new ConnectorException($"The file '{path}' does not exist (it was listed when the table was planned).", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new ConnectorException($"The file '{path}' does not exist (it was listed when the table was planned).", e);
        }
    }
}
