# The text of the VecFlow cmdlets' help. Build-Help.ps1 merges it with the cmdlets' parameter metadata into
# ../en-US/VecFlow.dll-Help.xml (MAML). Edit here, then run:  dotnet pwsh shell/VecFlow.PowerShell/help/Build-Help.ps1
@{
    'Submit-StreamJob' = @{
        Synopsis    = 'Starts a VecFlow SQL job in the background of this PowerShell process.'
        Description = @(
            'Submit-StreamJob runs a SQL script (CREATE TABLE / VIEW, SET, INSERT INTO, SELECT statements) as a job on its own background thread, embedded in this process, and returns the job object at once. The job keeps running after the command returns; follow it with Get-StreamJob, Get-StreamJobMetric and Wait-StreamJob, and stop it with Stop-StreamJob.'
            'With -Wait the command waits for the job to end, showing its progress, and writes an error if the job failed. The rows of the SELECT statements of the script are kept on the job object (its Results property).'
            'Jobs run in batch mode today: -Mode Streaming submits a job that fails with "not supported yet: streaming mode".'
        )
        Parameters  = @{
            Path        = 'The SQL file to run, relative to the current PowerShell location. The file is read when the job is submitted.'
            Sql         = 'The SQL script to run, as text.'
            Mode        = 'Batch or Streaming. When given, it wins over a SET ''execution.runtime-mode'' in the script; when omitted, the script decides (batch by default). Streaming is not supported yet.'
            Parallelism = 'The parallelism of the job (parallelism.default), from 1. Accepted today; batch jobs run on one thread.'
            Setting     = 'Settings applied before the script runs, as SET ''key'' = ''value'' would, for example @{ ''table.exec.resource.memory-per-operator'' = ''64mb'' }. A bad value fails the submission.'
            Define      = 'Values for the ${NAME} variables of the script, for example @{ EVENTS = 1000000 }.'
            Name        = 'A name to find the job by (Get-StreamJob -Name). Defaults to the file name without extension, or "sql".'
            Wait        = 'Waits for the job to end, with a progress bar, before returning the job object. Writes an error if the job failed.'
            Timeout     = 'With -Wait: the most seconds to wait; -1 (the default) waits until the job ends. When it passes, an OperationTimeout error is written and the job keeps running.'
        }
        Inputs      = @(@{ Type = 'None'; Description = 'This cmdlet does not take pipeline input.' })
        Outputs     = @(@{ Type = 'VecFlow.Engine.Jobs.SqlJob'; Description = 'The job: Id, Name, State, Mode, Elapsed, FailureReason, Results, Statements, GetMetrics().' })
        Notes       = 'Relative paths inside the SQL (a filesystem table''s path) resolve against the process working directory, not the PowerShell location.'
        Examples    = @(
            @{ Code = 'Submit-StreamJob -Path examples/hot-auctions.sql -Wait'; Remarks = 'Runs the hot-auctions example to the end and returns the finished job; its five busiest windows are in (...).Results[0].Rows.' }
            @{ Code = '$job = Submit-StreamJob -Sql "SELECT COUNT(*) AS n FROM (VALUES (1), (2)) AS t(x)" -Name count-two'; Remarks = 'Starts a job from SQL text and returns at once; $job.State goes from Created to Running to Finished.' }
            @{ Code = 'Submit-StreamJob -Path examples/nexmark/q1.sql -Define @{ NEXMARK_TABLE = ''datagen'' } -Setting @{ ''table.exec.resource.memory-per-operator'' = ''64mb'' }'; Remarks = 'Runs a script with ${...} variables and a setting.' }
            @{ Code = 'Submit-StreamJob -Path examples/hot-auctions.sql -WhatIf'; Remarks = 'Shows what would be submitted without starting the job.' }
        )
    }
    'Get-StreamJob' = @{
        Synopsis    = 'Gets the VecFlow jobs of this PowerShell process.'
        Description = @(
            'Get-StreamJob lists the jobs submitted in this process, oldest first, with their state: Created, Running, Finished, Failed (with a one-line FailureReason) or Cancelled. Jobs stay listed after they end.'
            'Find jobs by -Id or -Name (both accept wildcards) and filter them by -State. A plain id or name that matches nothing is an ObjectNotFound error.'
        )
        Parameters  = @{
            Id    = 'Job ids (32 hexadecimal digits). Wildcards are allowed, so a prefix such as 3fa2* finds a job. Binds from the Id or JobId property of piped objects.'
            Name  = 'Job names; wildcards are allowed.'
            State = 'Only jobs in these states: Created, Running, Finished, Failed, Cancelled.'
        }
        Inputs      = @(@{ Type = 'System.String'; Description = 'Objects with an Id or JobId property (by property name).' })
        Outputs     = @(@{ Type = 'VecFlow.Engine.Jobs.SqlJob'; Description = 'The jobs found.' })
        Examples    = @(
            @{ Code = 'Get-StreamJob'; Remarks = 'Lists every job of this process as a table: id, name, state, mode, elapsed time, source and failure reason.' }
            @{ Code = 'Get-StreamJob -Name hot* -State Running, Created'; Remarks = 'Finds the jobs whose name starts with hot and that have not ended.' }
            @{ Code = 'Get-StreamJob -State Failed | Select-Object Name, FailureReason'; Remarks = 'Shows why each failed job failed.' }
        )
    }
    'Wait-StreamJob' = @{
        Synopsis    = 'Waits for VecFlow jobs to end, showing their progress.'
        Description = @(
            'Wait-StreamJob waits until every job given (by -Id or from the pipeline) has ended, writing a progress record per job with the statement it runs, the rows read and written, the rate and the elapsed time. It then returns the jobs; for a job that failed it also writes an error.'
            'With -Timeout it waits at most that many seconds: jobs still running are not returned, an OperationTimeout error names each, and they keep running. Ctrl+C stops waiting, not the jobs.'
        )
        Parameters  = @{
            Id      = 'The jobs to wait for; wildcards are allowed. Binds from the Id or JobId property of piped objects, so job objects can be piped in.'
            Timeout = 'The most seconds to wait; -1 (the default) waits until the jobs end.'
        }
        Inputs      = @(@{ Type = 'VecFlow.Engine.Jobs.SqlJob'; Description = 'Job objects, or any object with an Id or JobId property (by property name).' })
        Outputs     = @(@{ Type = 'VecFlow.Engine.Jobs.SqlJob'; Description = 'The jobs that ended.' })
        Examples    = @(
            @{ Code = 'Submit-StreamJob -Path examples/hot-auctions.sql | Wait-StreamJob'; Remarks = 'Submits a job and waits for it with a progress bar.' }
            @{ Code = 'Get-StreamJob -State Running | Wait-StreamJob -Timeout 60'; Remarks = 'Waits at most a minute for every running job.' }
        )
    }
    'Stop-StreamJob' = @{
        Synopsis    = 'Stops VecFlow jobs.'
        Description = @(
            'Stop-StreamJob cancels jobs cooperatively: each stops at its next batch boundary, and the command waits (up to 30 seconds) until it has. A stopped job ends in the Cancelled state. -WhatIf says which jobs would be stopped, and -Confirm asks for each.'
            'With -Savepoint the job would first take a savepoint into that directory. Savepoints need streaming checkpoints, which do not exist yet, so today -Savepoint writes a NotImplemented error ("not supported yet: savepoints need streaming checkpoints") and leaves the job running.'
            'Stopping a job that already ended is an InvalidOperation error unless -Force is given.'
        )
        Parameters  = @{
            Id        = 'The jobs to stop; wildcards are allowed. Binds from the Id or JobId property of piped objects, so Get-StreamJob | Stop-StreamJob works.'
            Savepoint = 'A directory for a savepoint taken before the job stops. Not supported yet: it needs streaming checkpoints.'
            Force     = 'Skips the extra confirmation for stopping a streaming job without a savepoint, and skips jobs that already ended without an error. It does not override -WhatIf.'
            PassThru  = 'Returns each stopped job.'
        }
        Inputs      = @(@{ Type = 'VecFlow.Engine.Jobs.SqlJob'; Description = 'Job objects, or any object with an Id or JobId property (by property name).' })
        Outputs     = @(@{ Type = 'VecFlow.Engine.Jobs.SqlJob'; Description = 'With -PassThru, the stopped jobs; otherwise nothing.' })
        Examples    = @(
            @{ Code = 'Get-StreamJob | Stop-StreamJob -WhatIf'; Remarks = 'Lists what would be stopped: What if: Performing the operation "Stop (cancel)" on target "job ''hot-auctions'' (...)".' }
            @{ Code = 'Get-StreamJob -State Running | Stop-StreamJob -PassThru'; Remarks = 'Stops every running job and shows them, now Cancelled.' }
            @{ Code = 'Stop-StreamJob -Id 3fa2* -Savepoint ./savepoints'; Remarks = 'Would take a savepoint first; today this writes the "not supported yet" error and the job keeps running.' }
        )
    }
    'Get-StreamJobMetric' = @{
        Synopsis    = 'Gets live metrics of VecFlow jobs, per job or per operator.'
        Description = @(
            'Get-StreamJobMetric takes a snapshot of each job''s progress: rows in (read by sources), rows out (written to sinks plus returned by queries), average rates, spilled bytes, skipped rows, statements done and elapsed time. With -Operator it returns one object per operator instead, with its rows in and out, spilled bytes and whether it is still running.'
            'The Watermark (the minimum over the sinks), LastCheckpoint, LastCheckpointId, Latency (median event-to-sink) and LatencyP99 properties belong to the streaming statement running now and are empty otherwise.'
        )
        Parameters  = @{
            Id       = 'The jobs to measure (wildcards allowed); all jobs when omitted. Binds from the Id or JobId property of piped objects.'
            Operator = 'Returns one object per operator of the jobs instead of one per job.'
        }
        Inputs      = @(@{ Type = 'VecFlow.Engine.Jobs.SqlJob'; Description = 'Job objects, or any object with an Id or JobId property (by property name).' })
        Outputs     = @(
            @{ Type = 'VecFlow.Engine.Jobs.JobMetrics'; Description = 'Per job (the default).' }
            @{ Type = 'VecFlow.Engine.Jobs.OperatorMetricsSnapshot'; Description = 'Per operator, with -Operator.' }
        )
        Examples    = @(
            @{ Code = 'Get-StreamJob -State Running | Get-StreamJobMetric'; Remarks = 'Shows rows in and out, rates and elapsed time of every running job.' }
            @{ Code = 'Get-StreamJobMetric -Id 3fa2* -Operator | Sort-Object RowsOut -Descending'; Remarks = 'Shows what each operator of one job has done so far.' }
        )
    }
    'Invoke-VecFlowQuery' = @{
        Synopsis    = 'Runs a bounded SQL query and writes each result row as an object with typed properties.'
        Description = @(
            'Invoke-VecFlowQuery runs a script of definitions and queries (CREATE TABLE / VIEW, SET, SELECT) as a batch job and writes every row of every SELECT to the pipeline as an object with one property per column. Properties keep their SQL types as .NET types: BIGINT is Int64, DECIMAL is Decimal (exact), DOUBLE is Double, TIMESTAMP is DateTime, DATE is DateOnly, STRING is String and NULL is $null, so Where-Object, Sort-Object, Measure-Object and Export-Csv work on the values.'
            'INSERT INTO is refused (it changes data): run it with Submit-StreamJob. Ctrl+C cancels the query.'
        )
        Parameters  = @{
            Query   = 'The SQL: one SELECT, or a script of CREATE TABLE / VIEW and SET statements followed by one or more SELECTs.'
            Path    = 'A SQL file with the same content as -Query, relative to the current PowerShell location.'
            Setting = 'Settings applied before the script runs, as SET ''key'' = ''value'' would.'
            Define  = 'Values for the ${NAME} variables of the script.'
        }
        Inputs      = @(@{ Type = 'System.String'; Description = 'The query text.' })
        Outputs     = @(@{ Type = 'System.Management.Automation.PSObject'; Description = 'One object per row (type name VecFlow.QueryRow), with typed properties named after the columns.' })
        Examples    = @(
            @{ Code = 'Invoke-VecFlowQuery "SELECT x, x * 1.5 AS y FROM (VALUES (1), (2), (3)) AS t(x)" | Where-Object y -gt 2'; Remarks = 'Rows are objects: y is a Decimal, so the comparison is numeric.' }
            @{ Code = 'Invoke-VecFlowQuery -Query "CREATE TABLE nexmark (event_type INT) WITH (''connector'' = ''nexmark'', ''events.num'' = ''1000''); SELECT event_type, COUNT(*) AS n FROM nexmark GROUP BY event_type" | Export-Csv counts.csv'; Remarks = 'Defines a table, queries it, and exports the typed rows as CSV.' }
        )
    }
    'Get-VecFlowPlan' = @{
        Synopsis    = 'Shows the plans of the queries and INSERTs of a SQL script, as objects or text.'
        Description = @(
            'Get-VecFlowPlan runs EXPLAIN on every query and INSERT of a script: the logical plan, the optimized logical plan and the physical operators. The script''s definitions (CREATE TABLE / VIEW, SET) run first so the plans see the tables; no data is read or written.'
            'Each plan is an object with the statement''s index, kind, SQL, each plan section and the list of physical operators; -AsText returns the EXPLAIN text instead.'
        )
        Parameters  = @{
            Sql     = 'The SQL script, as text.'
            Path    = 'A SQL file, relative to the current PowerShell location.'
            Setting = 'Settings applied before the script, as SET ''key'' = ''value'' would.'
            Define  = 'Values for the ${NAME} variables of the script.'
            AsText  = 'Returns the EXPLAIN text of each statement instead of objects.'
        }
        Inputs      = @(@{ Type = 'System.String'; Description = 'The SQL text.' })
        Outputs     = @(
            @{ Type = 'VecFlow.PowerShell.PlanInfo'; Description = 'One per query or INSERT: Statement, Kind, Sql, LogicalPlan, OptimizedPlan, PhysicalPlan, Operators, Text.' }
            @{ Type = 'System.String'; Description = 'With -AsText, the EXPLAIN text.' }
        )
        Examples    = @(
            @{ Code = 'Get-VecFlowPlan -Path examples/hot-auctions.sql'; Remarks = 'Lists the INSERT and the SELECT of the example with their number of physical operators.' }
            @{ Code = '(Get-VecFlowPlan -Path examples/hot-auctions.sql)[0].Operators'; Remarks = 'The physical operators of the INSERT, one per line.' }
            @{ Code = 'Get-VecFlowPlan "SELECT x FROM (VALUES (1)) AS t(x) WHERE x > 0" -AsText'; Remarks = 'Prints the plans as text, like vecflow explain.' }
        )
    }
    'Compare-StreamBatchResult' = @{
        Synopsis    = 'Runs a SQL job in batch and in streaming mode over the same bounded input and lists the result rows that differ.'
        Description = @(
            'Compare-StreamBatchResult runs the script once in batch mode and once in streaming mode, then compares the rows of each SELECT of the two runs as multisets (order does not matter, duplicates do; DOUBLE values compare to 12 significant digits, DECIMAL exactly). Each row found on one side only is written as an object with Side (- only in batch, + only in streaming), Query (which SELECT, from 0) and Row (the row, with typed properties). No output means the results agree; -Verbose says so. The filesystem tables the script inserts into are written, in each run, under a scratch directory of that run (deleted afterwards) and read from there by the later queries, so the two runs never see each other''s files and the tables'' own directories are left untouched.'
            'Streaming mode does not exist yet: today the batch run finishes and the streaming run fails, and the command writes that failure as a NotImplemented error ("not supported yet: streaming mode"). Both runs write to the same sinks, so compare jobs whose SELECTs read bounded sources, or whose sinks tolerate two runs.'
        )
        Parameters  = @{
            Path    = 'The SQL file to run in both modes, relative to the current PowerShell location.'
            Sql     = 'The SQL script to run in both modes, as text.'
            Setting = 'Settings applied to both runs, as SET ''key'' = ''value'' would.'
            Define  = 'Values for the ${NAME} variables of the script, for both runs.'
            Timeout = 'The most seconds each run may take; -1 (the default) waits until it ends. A run that takes longer is cancelled and an OperationTimeout error is written.'
        }
        Inputs      = @(@{ Type = 'None'; Description = 'This cmdlet does not take pipeline input.' })
        Outputs     = @(@{ Type = 'System.Management.Automation.PSObject'; Description = 'One object per differing row (type name VecFlow.RowDifference): Side, Query, Row.' })
        Examples    = @(
            @{ Code = 'Compare-StreamBatchResult -Path examples/hot-auctions.sql'; Remarks = 'Runs the example both ways. Today the streaming run writes the "not supported yet: streaming mode" error.' }
            @{ Code = 'Compare-StreamBatchResult -Path job.sql -ErrorAction Stop | Group-Object Side'; Remarks = 'Counts the rows only in batch (-) and only in streaming (+).' }
        )
    }
}
