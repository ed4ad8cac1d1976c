# Meta-tests of the VecFlow module: every exported cmdlet has full help, an approved verb, and state-changing cmdlets
# support -WhatIf. Run by run-pester.ps1 (from .ci/run) in the local pwsh tool, with the built module.
BeforeDiscovery {
    $modulePath = $env:VECFLOW_MODULE
    Import-Module $modulePath -Force
    $script:commands = @(Get-Command -Module VecFlow -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module $env:VECFLOW_MODULE -Force
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'The VecFlow module' {
    It 'exports exactly the cmdlets its manifest names' {
        $manifest = Import-PowerShellDataFile $env:VECFLOW_MODULE
        @((Get-Module VecFlow).ExportedCmdlets.Keys | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
        $manifest.CmdletsToExport | Should -Not -Contain '*'
    }

    It 'has an about_VecFlow topic' {
        (Get-Help about_VecFlow | Out-String) | Should -Match 'Submit-StreamJob'
    }
}

Describe '<Name>' -ForEach $commands {
    BeforeAll {
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
    }

    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $command.Verb
    }

    It 'has a synopsis' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match ([regex]::Escape($Name) + '\s*\[')
    }

    It 'has a description' {
        ($help.Description.Text -join '') | Should -Not -BeNullOrEmpty
    }

    It 'has examples with code and remarks' {
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
        foreach ($example in $help.Examples.Example) {
            $example.Code | Should -Not -BeNullOrEmpty
            ($example.Remarks.Text -join '') | Should -Not -BeNullOrEmpty
        }
    }

    It 'has help for every parameter' {
        foreach ($parameter in $command.Parameters.Values | Where-Object Name -notin $common) {
            $parameterHelp = Get-Help $Name -Parameter $parameter.Name
            ($parameterHelp.Description.Text -join '') | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) needs help"
        }
    }

    It 'supports -WhatIf when it changes state' {
        if ($Name -in 'Submit-StreamJob', 'Stop-StreamJob', 'Compare-StreamBatchResult') {
            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
        }
        else {
            $Name | Should -Match '^(Get|Wait|Invoke)-'
        }
    }
}
