namespace VecFlow.State.Checkpoints;

/// <summary>What one keyed-state snapshot cost: bytes newly stored, the snapshot's full size, files new and files reused.</summary>
/// <param name="BytesWritten">Bytes this call added to checkpoint storage (new files, including SST files newly shared).</param>
/// <param name="StateBytes">The whole snapshot's size, including shared files it only references.</param>
/// <param name="FilesWritten">Files this call added.</param>
/// <param name="FilesReused">Shared files an earlier checkpoint already stored and this one references.</param>
public sealed record SnapshotStats(long BytesWritten, long StateBytes, int FilesWritten, int FilesReused);
