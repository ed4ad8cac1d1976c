using System.Globalization;
using System.Text;
using VecFlow.Engine.Connectors;
using VecFlow.Engine.Jobs;
using VecFlow.Engine.Planning;
using VecFlow.Engine.Sessions;
using VecFlow.Sql.Errors;
using VecFlow.Vector.Errors;

namespace VecFlow.Cli;

/// <summary>`vecflow run` and `vecflow explain`: run every statement of a SQL file embedded, or print its plans.</summary>
internal static class JobCommands
{
    public static int Run(string file, string? mode, int? parallelism, IReadOnlyList<string> settings, IReadOnlyList<string> defines, bool explainOnly, TextWriter output, TextWriter errors)
    {
        try
        {
            if (!explainOnly)
            {
                return RunJob(file, mode, parallelism, settings, defines, output, errors);
            }

            string script = ReadScript(file);
            using var session = new SqlSession(Pairs(defines, "--define"));
            foreach (var (key, value) in Pairs(settings, "--set"))
            {
                session.Settings.Set(key, value);
            }

            if (mode is not null)
            {
                session.Settings.Set(SessionSettings.RuntimeMode, mode);
            }

            if (parallelism is { } p)
            {
                session.Settings.Set(SessionSettings.Parallelism, p.ToString(CultureInfo.InvariantCulture));
            }

            foreach (var statement in VecFlow.Sql.Parsing.SqlParser.ParseScript(script, session.Variables).Statements)
            {
                string text = script[statement.Span.Start..statement.Span.End];
                if (statement is VecFlow.Sql.Ast.QueryStatement or VecFlow.Sql.Ast.InsertStatement)
                {
                    output.WriteLine(session.Explain(text));
                }
                else
                {
                    session.Execute(text);
                }
            }

            return 0;
        }
        catch (Exception e) when (e is SqlParseException or SqlValidationException or ConnectorException or SqlRuntimeException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or UnauthorizedAccessException)
        {
            errors.WriteLine($"error: {(e is SqlParseException or SqlValidationException ? $"{file}: " : string.Empty)}{e.Message}");
            return 1;
        }
        catch (IOException e)
        {
            errors.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>Runs the file as a job of the job service, printing each statement's result as it finishes and live progress on a terminal.</summary>
    private static int RunJob(string file, string? mode, int? parallelism, IReadOnlyList<string> settings, IReadOnlyList<string> defines, TextWriter output, TextWriter errors)
    {
        using var jobs = new JobService();
        SqlJob job = jobs.Submit(new JobSubmission
        {
            Path = file,
            Mode = mode is null ? null : Enum.Parse<JobMode>(mode, ignoreCase: true),
            Parallelism = parallelism,
            Settings = Pairs(settings, "--set"),
            Defines = Pairs(defines, "--define"),
        });

        // Ctrl+C stops the job at its next batch and still prints what it did, instead of killing the process.
        ConsoleCancelEventHandler cancel = (_, e) =>
        {
            e.Cancel = true;
            job.Cancel();
        };
        Console.CancelKeyPress += cancel;
        try
        {
            var progress = new ProgressLine(errors, live: !Console.IsErrorRedirected && ReferenceEquals(errors, Console.Error));
            int printed = 0;
            while (true)
            {
                bool ended = job.Wait(ProgressLine.Refresh);
                IReadOnlyList<StatementResult> statements = job.Statements;
                if (printed < statements.Count)
                {
                    progress.Clear();
                    for (; printed < statements.Count; printed++)
                    {
                        WriteStatement(statements[printed], output, errors);
                    }
                }

                if (ended)
                {
                    break;
                }

                progress.Show(job.GetMetrics());
            }

            progress.Clear();
            JobMetrics metrics = job.GetMetrics();
            switch (job.State)
            {
                case JobState.Failed:
                    errors.WriteLine($"error: {job.FailureReason}");
                    return 1;
                case JobState.Cancelled:
                    errors.WriteLine($"error: cancelled after {metrics.Elapsed.TotalSeconds:F2} s: read {metrics.RowsIn:N0} rows, wrote {metrics.RowsWritten:N0} rows.");
                    return 130;
                default:
                    errors.WriteLine($"Done in {metrics.Elapsed.TotalSeconds:F2} s: read {metrics.RowsIn:N0} rows, wrote {metrics.RowsWritten:N0} rows.");
                    return 0;
            }
        }
        finally
        {
            Console.CancelKeyPress -= cancel;
        }
    }

    private static void WriteStatement(StatementResult result, TextWriter output, TextWriter errors)
    {
        if (result.Result is { } rows)
        {
            WriteTable(rows, output);
            output.Flush();
        }

        if (result.Operators is { } operators)
        {
            long statementRead = operators.Where(o => o.Name.StartsWith("Scan(", StringComparison.Ordinal)).Sum(o => o.RowsOut);
            double seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-6);
            errors.WriteLine($"{result.Kind}: {result.Message} Read {statementRead:N0} rows in {result.Elapsed.TotalSeconds:F2} s ({statementRead / seconds:N0} rows/s).");
            long spilled = operators.Sum(o => o.SpilledBytes);
            long dropped = operators.Sum(o => o.DroppedRows);
            if (spilled > 0 || dropped > 0)
            {
                errors.WriteLine($"  spilled {spilled:N0} bytes; skipped {dropped:N0} malformed or late rows");
            }
        }
        else
        {
            errors.WriteLine(result.Message);
        }
    }

    private static string ReadScript(string file) => File.Exists(file)
        ? File.ReadAllText(file)
        : throw new FileNotFoundException($"the SQL file '{file}' does not exist.");

    private static Dictionary<string, string> Pairs(IReadOnlyList<string> items, string option)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string item in items)
        {
            int equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"{option} takes key=value, not '{item}'.");
            }

            pairs[item[..equals].Trim()] = item[(equals + 1)..];
        }

        return pairs;
    }

    /// <summary>Prints rows as a boxed table, like Flink's SQL client in tableau mode.</summary>
    private static void WriteTable(QueryResult result, TextWriter output)
    {
        var cells = result.Rows.Select(r => r.Select(Format).ToArray()).ToList();
        int[] widths = [.. result.Schema.Names.Select((n, i) => Math.Max(n.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length)))];
        string line = "+" + string.Join("+", widths.Select(w => new string('-', w + 2))) + "+";
        var text = new StringBuilder();
        text.AppendLine(line);
        text.AppendLine("| " + string.Join(" | ", result.Schema.Names.Select((n, i) => n.PadLeft(widths[i]))) + " |");
        text.AppendLine(line);
        foreach (string[] row in cells)
        {
            text.AppendLine("| " + string.Join(" | ", row.Select((c, i) => c.PadLeft(widths[i]))) + " |");
        }

        text.AppendLine(line);
        text.AppendLine($"{cells.Count} row{(cells.Count == 1 ? string.Empty : "s")} in set");
        output.Write(text.ToString());
    }

    private static string Format(object? value) => value switch
    {
        null => "<NULL>",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
