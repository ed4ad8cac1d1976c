namespace VecFlow.Engine.Connectors.Formats;

/// <summary>Opens data files for sequential reading, turning a vanished file into a clear connector error.</summary>
internal static class FileStreams
{
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
