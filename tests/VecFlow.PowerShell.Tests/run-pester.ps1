#requires -Version 7.4
<#
.SYNOPSIS
    Runs the VecFlow module's Pester tests (*.Tests.ps1 here) against the built module; exits non-zero on failure.
.DESCRIPTION
    Pester comes from the NuGet package folder, where the test project's <PackageDownload Include="Pester" /> put it
    during restore. Run from the repository root after a Release build:  dotnet pwsh tests/VecFlow.PowerShell.Tests/run-pester.ps1
#>
param(
    [string] $Configuration = 'Release',
    [string] $PesterVersion = '5.7.1'
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$env:VECFLOW_MODULE = Join-Path $root "shell/VecFlow.PowerShell/bin/$Configuration/net10.0/VecFlow.psd1"
if (-not (Test-Path $env:VECFLOW_MODULE)) {
    throw "The module is not built: $env:VECFLOW_MODULE is missing (dotnet build shell/VecFlow.PowerShell -c $Configuration)."
}

$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
$pester = Join-Path $packages "pester/$PesterVersion/tools/Pester.psd1"
if (-not (Test-Path $pester)) {
    throw "Pester $PesterVersion is not in $packages; run dotnet restore (tests/VecFlow.PowerShell.Tests downloads it)."
}

Import-Module $pester -Force
$config = New-PesterConfiguration
$config.Run.Path = $PSScriptRoot
$config.Run.Exit = $true
$config.Output.Verbosity = 'Detailed'
Push-Location $root
try {
    Invoke-Pester -Configuration $config
}
finally {
    Pop-Location
}
