namespace VecFlow.Engine.Connectors.Filesystem;

/// <summary>Makes prepared upsert files visible and removes the files they replace.</summary>
/// <remarks>
/// The rule is "per key group, the file of the largest checkpoint id wins", applied in any order: a file is published
/// unless a committed file with a larger id overlaps it, and publishing it deletes every committed (and abandoned
/// hidden) file with a smaller id that overlaps it. So committing is idempotent (a recovered job commits its last
/// checkpoint again), commits may arrive out of order (concurrent checkpoints), and a restart at another parallelism
/// (other ranges) still leaves each key group in exactly one file once every range of a checkpoint is committed.
/// Between publishing a file and deleting the ones it replaces, a reader can briefly see both (no multi-file atomic
/// rename on a file system).
/// </remarks>
internal static class UpsertCommit
{
    public static void Apply(string table, IEnumerable<UpsertFile> files)
    {
        foreach (IGrouping<string, UpsertFile> directory in files.GroupBy(f => f.Directory, StringComparer.Ordinal))
        {
            var (committed, hidden) = UpsertFile.List(directory.Key);

            // Newest first: an older file of the same range in the same commit (prepared for an aborted checkpoint) is then simply dropped.
            foreach (UpsertFile file in directory.DistinctBy(f => f.Name, StringComparer.Ordinal).OrderByDescending(f => f.Checkpoint))
            {
                if (committed.Any(c => c.Checkpoint > file.Checkpoint && c.Overlaps(file)))
                {
                    File.Delete(file.Temporary);
                    continue;
                }

                if (File.Exists(file.Temporary))
                {
                    File.Move(file.Temporary, file.Final, overwrite: true);
                }
                else if (!File.Exists(file.Final))
                {
                    throw new ConnectorException($"The upsert file '{file.Final}' of table '{table}' was prepared by a completed checkpoint but is gone (neither it nor '{file.Temporary}' exists); was the table's directory changed while the job ran?");
                }

                if (!committed.Any(c => c.Name == file.Name))
                {
                    committed.Add(file);
                }

                foreach (UpsertFile old in committed.Where(c => c.Checkpoint < file.Checkpoint && c.Overlaps(file)).ToList())
                {
                    File.Delete(old.Final);
                    committed.Remove(old);
                }

                foreach (UpsertFile old in hidden.Where(h => h.Checkpoint < file.Checkpoint && h.Overlaps(file)).ToList())
                {
                    File.Delete(old.Temporary);
                    hidden.Remove(old);
                }
            }
        }
    }
}
