namespace VecFlow.Engine.Connectors.Print;

/// <summary>The 'print' connector: a sink writing each row as Flink's print connector does, e.g. <c>id&gt; +I[1, foo, null]</c>.</summary>
/// <remarks>
/// Options: 'print-identifier' (a prefix), 'standard-error' (write to the error stream), 'sink.parallelism' (accepted;
/// parallelism is the planner's business). The streams default to <see cref="Console.Out"/> / <see cref="Console.Error"/>
/// and can be replaced (tests); writes are synchronized across subtasks.
/// </remarks>
public sealed class PrintConnectorFactory(TextWriter? output = null, TextWriter? error = null) : IConnectorFactory
{
    public const string IdentifierKey = "print-identifier";
    public const string StandardErrorKey = "standard-error";

    public string Identifier => "print";

    public ITableSource CreateSource(TableContext table) =>
        throw new ConnectorException($"The print connector of table '{table.Name}' can only be written to, not read.");

    public ITableSink CreateSink(TableContext table)
    {
        table.Options.Validate(Identifier, ["connector", IdentifierKey, StandardErrorKey, "sink.parallelism"]);
        bool toError = table.Options.GetBool(StandardErrorKey, false);
        TextWriter target = toError ? error ?? Console.Error : output ?? Console.Out;
        return new PrintSink(target, table.Options.Get(IdentifierKey, string.Empty));
    }
}
