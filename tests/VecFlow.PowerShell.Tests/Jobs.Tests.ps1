# Real jobs through the VecFlow module in the local pwsh tool. Run by run-pester.ps1 from the repository root.
BeforeAll {
    Import-Module $env:VECFLOW_MODULE -Force
    $script:root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    # Relative sink paths in the examples resolve against the process directory: keep their output out of the clone.
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "vecflow-pester-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory $work | Out-Null
    $script:savedDirectory = [Environment]::CurrentDirectory
    [Environment]::CurrentDirectory = $work
    Push-Location $root
}

AfterAll {
    Get-StreamJob | Stop-StreamJob -Force
    Pop-Location
    [Environment]::CurrentDirectory = $savedDirectory
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
}

Describe 'Submit-StreamJob' {
    It 'runs examples/hot-auctions.sql to the end with -Wait' {
        $job = Submit-StreamJob -Path examples/hot-auctions.sql -Wait -ErrorAction Stop
        $job.State | Should -Be 'Finished'
        $job.Name | Should -Be 'hot-auctions'
        $job.Results[0].Rows.Count | Should -Be 5
        (Get-StreamJobMetric -Id $job.Id).RowsIn | Should -BeGreaterThan 2000000
        Test-Path (Join-Path $work 'out/hot-auctions') | Should -BeTrue
    }

    It 'says what it would submit with -WhatIf and submits nothing' {
        $before = @(Get-StreamJob).Count
        Submit-StreamJob -Path examples/hot-auctions.sql -WhatIf | Should -BeNullOrEmpty
        @(Get-StreamJob).Count | Should -Be $before
    }
}

Describe 'Stop-StreamJob' {
    It 'says what it would do for Get-StreamJob | Stop-StreamJob -WhatIf' {
        Submit-StreamJob -Sql 'SELECT 1' -Name whatif-target -Wait | Out-Null
        # WhatIf messages go to the host, not to a stream, so run it in a child pwsh and read its console output.
        $module = $env:VECFLOW_MODULE
        $output = & dotnet pwsh -NoProfile -NonInteractive -Command "Import-Module '$module'; Submit-StreamJob -Sql 'SELECT 1' -Name whatif-target -Wait | Out-Null; Get-StreamJob | Stop-StreamJob -WhatIf" 2>&1
        ($output -join "`n") | Should -Match 'What if: Performing the operation "Stop \(cancel\)" on target "job ''whatif-target'' \([0-9a-f]{32}, Finished\)"'
        (Get-StreamJob -Name whatif-target).State | Should -Be 'Finished'
    }

    It 'writes an InvalidOperation error for -Savepoint on a batch job' {
        $job = Submit-StreamJob -Sql "CREATE TABLE s (a BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '100000000000', 'rows-per-second' = '1000000000000'); SELECT COUNT(*) FROM s" -Name long-running
        Stop-StreamJob -Id $job.Id -Savepoint (Join-Path $work sp) -ErrorVariable failure -ErrorAction SilentlyContinue
        $failure[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $failure[0].Exception.Message | Should -BeLike 'Only a running streaming job takes savepoints*'
        $job | Stop-StreamJob -PassThru | ForEach-Object State | Should -Be 'Cancelled'
    }

    It 'stops a streaming job with a savepoint that a new job resumes from' {
        $out = Join-Path $work 'sp-out'
        $ddl = "SET 'execution.runtime-mode' = 'streaming'; SET 'execution.checkpointing.interval' = '100ms'; " +
            "CREATE TABLE s (a BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '200000', 'rows-per-second' = '20000', 'fields.a.kind' = 'sequence', 'fields.a.start' = '1', 'fields.a.end' = '200000'); " +
            "CREATE TABLE o (a BIGINT) WITH ('connector' = 'filesystem', 'path' = '$out', 'format' = 'csv'); "
        $job = Submit-StreamJob -Sql ($ddl + 'INSERT INTO o SELECT a FROM s') -Name savepointed
        while ((Get-StreamJobMetric -Id $job.Id).RowsIn -lt 20000) { Start-Sleep -Milliseconds 50 }
        $stopped = $job | Stop-StreamJob -Savepoint (Join-Path $work 'sp-streaming') -PassThru
        $stopped.State | Should -Be 'Finished'
        $stopped.Savepoint | Should -Exist
        $resumed = Submit-StreamJob -Sql ($ddl + 'INSERT INTO o SELECT a FROM s') -Setting @{ 'execution.savepoint.path' = $stopped.Savepoint } -Wait
        $resumed.State | Should -Be 'Finished'
        $rows = Get-ChildItem $out -Recurse -File | Where-Object Name -notlike '.*' | Get-Content
        $rows.Count | Should -Be 200000
        ($rows | Sort-Object { [long]$_ } -Unique).Count | Should -Be 200000
    }
}

Describe 'Invoke-VecFlowQuery' {
    It 'returns rows with typed properties' {
        $rows = Invoke-VecFlowQuery "SELECT x, x * 1.5 AS y, 'a' || CAST(x AS STRING) AS s, DATE '2026-03-04' AS d FROM (VALUES (1), (2), (3)) AS t(x)" |
            Sort-Object x
        $rows.Count | Should -Be 3
        $rows[0].x | Should -BeOfType [int]
        $rows[0].y | Should -BeOfType [decimal]
        $rows[2].y | Should -Be 4.5
        $rows[1].s | Should -Be 'a2'
        $rows[0].d | Should -BeOfType [DateOnly]
        @($rows | Where-Object y -gt 2).Count | Should -Be 2
    }
}

Describe 'Compare-StreamBatchResult' {
    It 'reports no difference when both modes agree' {
        $file = Join-Path $work 'same.sql'
        Set-Content $file "SELECT x, COUNT(*) AS n FROM (VALUES (1), (2), (2)) AS t(x) GROUP BY x;"
        $differences = Compare-StreamBatchResult -Path $file -ErrorVariable failure -ErrorAction SilentlyContinue
        $differences | Should -BeNullOrEmpty
        $failure | Should -BeNullOrEmpty
    }

    It 'reports a construct streaming does not run yet as not implemented' {
        $file = Join-Path $work 'compare.sql'
        Set-Content $file "SELECT x FROM (VALUES (1), (2)) AS t(x) ORDER BY x;"
        $differences = Compare-StreamBatchResult -Path $file -ErrorVariable failure -ErrorAction SilentlyContinue
        $differences | Should -BeNullOrEmpty
        $failure[0].CategoryInfo.Category | Should -Be 'NotImplemented'
        $failure[0].Exception.Message | Should -Match 'not supported in streaming mode yet'
    }
}
