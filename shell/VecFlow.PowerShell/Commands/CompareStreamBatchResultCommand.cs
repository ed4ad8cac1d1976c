using System.Collections;
using System.Management.Automation;
using VecFlow.Engine.Jobs;
using JobState = VecFlow.Engine.Jobs.JobState;

namespace VecFlow.PowerShell.Commands;

/// <summary>Compare-StreamBatchResult: runs one job in batch and in streaming mode and writes the result rows that differ.</summary>
/// <remarks>
/// Compares the rows of the script's queries (the n-th SELECT of one run with the n-th of the other) as multisets.
/// Streaming mode does not exist yet, so today the streaming run fails with the engine's "not supported yet" error.
/// </remarks>
[Cmdlet(VerbsData.Compare, "StreamBatchResult", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(PSObject))]
public sealed class CompareStreamBatchResultCommand : VecFlowCmdlet
{
    public const string DifferenceTypeName = "VecFlow.RowDifference";
    private const string PathSet = "Path";
    private const string SqlSet = "Sql";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = SqlSet)]
    [ValidateNotNullOrEmpty]
    public string Sql { get; set; } = string.Empty;

    [Parameter]
    public Hashtable? Setting { get; set; }

    [Parameter]
    public Hashtable? Define { get; set; }

    [Parameter]
    [ValidateRange(-1, int.MaxValue)]
    public int Timeout { get; set; } = -1;

    protected override void ProcessRecord()
    {
        string? path = ParameterSetName == PathSet ? Path : null;
        object target = path ?? (object)Sql;
        if (!ShouldProcess(path ?? "the SQL given", "Run in batch mode and in streaming mode and compare the results"))
        {
            return;
        }

        // Each run writes its INSERTs' filesystem tables into a scratch directory of its own, so the streaming run's
        // queries do not read the batch run's files (and the user's directories are left as they were).
        string scratch = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vecflow-compare", Guid.NewGuid().ToString("N"));
        SqlJob? batch;
        SqlJob? streaming;
        try
        {
            batch = Run(JobMode.Batch, path, target, System.IO.Path.Combine(scratch, "batch"));
            streaming = batch is null ? null : Run(JobMode.Streaming, path, target, System.IO.Path.Combine(scratch, "streaming"));
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }

        if (batch is null || streaming is null)
        {
            return;
        }

        IReadOnlyList<RowDifference> differences;
        try
        {
            differences = RowMultisetDiff.Compare(batch.Results, streaming.Results);
        }
        catch (ArgumentException e)
        {
            WriteError(JobErrors.From(e, target));
            return;
        }

        WriteVerbose(differences.Count == 0
            ? $"batch and streaming results agree ({batch.Results.Sum(r => r.Rows.Count)} rows in {batch.Results.Count} queries)"
            : $"{differences.Count} rows differ");
        foreach (RowDifference difference in differences)
        {
            var item = new PSObject();
            item.TypeNames.Insert(0, DifferenceTypeName);
            item.Properties.Add(new PSNoteProperty("Side", difference.Side));
            item.Properties.Add(new PSNoteProperty("Query", difference.Query));
            item.Properties.Add(new PSNoteProperty("Row", QueryRows.Row(difference.Columns, difference.Row)));
            WriteObject(item);
        }
    }

    /// <summary>Runs the script in one mode to the end; null (after writing the error) unless it finished.</summary>
    private SqlJob? Run(JobMode mode, string? path, object target, string sinkDirectory)
    {
        SqlJob job;
        try
        {
            string name = $"{(path is null ? "sql" : System.IO.Path.GetFileNameWithoutExtension(path))} ({mode.ToString().ToLowerInvariant()})";
            job = Jobs.Submit(Submission(ParameterSetName == SqlSet ? Sql : null, path, Setting, Define, name, mode, null) with
            {
                ConfigureSession = session => session.SinkDirectory = sinkDirectory,
            });
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            WriteError(JobErrors.From(e, target));
            return null;
        }

        if (JobWaiter.Wait(this, [job], Timeout < 0 ? null : TimeSpan.FromSeconds(Timeout), StopRequested).Count > 0)
        {
            job.Cancel();
            if (!StopRequested.IsCancellationRequested)
            {
                WriteError(JobErrors.From(new TimeoutException($"the {mode.ToString().ToLowerInvariant()} run did not end within {Timeout} s and was cancelled"), job));
            }

            return null;
        }

        if (job.State != JobState.Finished)
        {
            ReportFailure(job);
            return null;
        }

        return job;
    }
}
