@{
    RootModule           = 'VecFlow.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6d0f4a52-8d3b-4f0e-9a57-3c1b2f7e9a41'
    Author               = 'VecFlow contributors'
    Copyright            = '(c) VecFlow contributors'
    Description          = 'VecFlow: run Flink SQL jobs embedded in this PowerShell process (batch today; streaming later): submit, watch, stop, query, explain and compare.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('VecFlow.format.ps1xml')
    CmdletsToExport      = @(
        'Submit-StreamJob'
        'Get-StreamJob'
        'Wait-StreamJob'
        'Stop-StreamJob'
        'Get-StreamJobMetric'
        'Invoke-VecFlowQuery'
        'Get-VecFlowPlan'
        'Compare-StreamBatchResult'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags = @('SQL', 'Flink', 'Streaming', 'Batch', 'Arrow')
        }
    }
}
