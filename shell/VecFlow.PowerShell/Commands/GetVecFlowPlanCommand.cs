using System.Collections;
using System.Management.Automation;
using VecFlow.Engine.Sessions;
using VecFlow.Sql.Ast;
using VecFlow.Sql.Parsing;

namespace VecFlow.PowerShell.Commands;

/// <summary>Get-VecFlowPlan: EXPLAIN of every query and INSERT of a script (its DDL is run to define the tables), as objects or text.</summary>
[Cmdlet(VerbsCommon.Get, "VecFlowPlan", DefaultParameterSetName = SqlSet)]
[OutputType(typeof(PlanInfo), typeof(string))]
public sealed class GetVecFlowPlanCommand : VecFlowCmdlet
{
    private const string SqlSet = "Sql";
    private const string PathSet = "Path";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SqlSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [Alias("Query")]
    public string Sql { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    public Hashtable? Setting { get; set; }

    [Parameter]
    public Hashtable? Define { get; set; }

    [Parameter]
    public SwitchParameter AsText { get; set; }

    protected override void ProcessRecord()
    {
        string? path = ParameterSetName == PathSet ? Path : null;
        try
        {
            string script = ReadScript(ParameterSetName == SqlSet ? Sql : null, path);
            using var session = new SqlSession(HashtableSettings.ToDictionary(Define));
            foreach (var (key, value) in HashtableSettings.ToDictionary(Setting))
            {
                session.Settings.Set(key, value);
            }

            IReadOnlyList<SqlStatement> statements = SqlParser.ParseScript(script, session.Variables).Statements;
            for (int i = 0; i < statements.Count; i++)
            {
                string text = script[statements[i].Span.Start..statements[i].Span.End];
                if (statements[i] is QueryStatement or InsertStatement)
                {
                    string plan = session.Explain(text);
                    WriteObject(AsText ? plan : PlanInfo.Parse(i, statements[i] is QueryStatement ? "SELECT" : "INSERT", text, plan));
                }
                else
                {
                    // Definitions run, so the plans see the tables and views; nothing reads or writes data.
                    session.Execute(text);
                }
            }
        }
        catch (Exception e) when (e is not PipelineStoppedException and not OutOfMemoryException)
        {
            WriteError(JobErrors.From(e, path ?? (object)Sql));
        }
    }
}
