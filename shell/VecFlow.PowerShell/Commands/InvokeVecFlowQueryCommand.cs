using System.Collections;
using System.Management.Automation;
using VecFlow.Engine.Jobs;
using VecFlow.Engine.Sessions;
using VecFlow.Sql.Ast;
using VecFlow.Sql.Parsing;
using JobState = VecFlow.Engine.Jobs.JobState;

namespace VecFlow.PowerShell.Commands;

/// <summary>Invoke-VecFlowQuery: runs a bounded query (after the DDL it needs) and writes each result row as an object with typed properties.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "VecFlowQuery", DefaultParameterSetName = QuerySet)]
[OutputType(typeof(PSObject))]
public sealed class InvokeVecFlowQueryCommand : VecFlowCmdlet
{
    private const string QuerySet = "Query";
    private const string PathSet = "Path";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = QuerySet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [Alias("Sql")]
    public string Query { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    public Hashtable? Setting { get; set; }

    [Parameter]
    public Hashtable? Define { get; set; }

    protected override void ProcessRecord()
    {
        string? path = ParameterSetName == PathSet ? Path : null;
        object target = path ?? (object)Query;
        SqlJob job;
        try
        {
            string script = ReadScript(ParameterSetName == QuerySet ? Query : null, path);
            RequireReadOnly(script, HashtableSettings.ToDictionary(Define));
            job = Jobs.Submit(Submission(script, null, Setting, Define, "query", JobMode.Batch, null));
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or VecFlow.Sql.Errors.SqlParseException)
        {
            WriteError(JobErrors.From(e, target));
            return;
        }

        JobWaiter.Wait(this, [job], null, StopRequested);
        if (!job.IsCompleted)
        {
            // Ctrl+C: the query belongs to this command, so it stops with it.
            job.Cancel();
            return;
        }

        if (job.State == JobState.Failed)
        {
            WriteError(JobErrors.Failed(job));
            return;
        }

        foreach (QueryResult result in job.Results)
        {
            foreach (PSObject row in QueryRows.Of(result))
            {
                WriteObject(row);
            }
        }
    }

    /// <summary>Only definitions and queries: an INSERT changes data and belongs to Submit-StreamJob, which asks before acting.</summary>
    private static void RequireReadOnly(string script, IReadOnlyDictionary<string, string> defines)
    {
        foreach (SqlStatement statement in SqlParser.ParseScript(script, defines).Statements)
        {
            if (statement is InsertStatement or StatementSetStatement)
            {
                throw new ArgumentException(
                    $"line {statement.Span.Line}, column {statement.Span.Column}: Invoke-VecFlowQuery runs queries (CREATE TABLE / VIEW, SET and SELECT); run INSERT INTO with Submit-StreamJob");
            }
        }
    }
}
