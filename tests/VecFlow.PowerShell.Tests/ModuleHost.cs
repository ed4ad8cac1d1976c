using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace VecFlow.PowerShell.Tests;

/// <summary>A runspace with the built VecFlow module imported, as a user's session would have it.</summary>
internal sealed class ModuleHost : IDisposable
{
    private readonly Runspace _runspace;

    public ModuleHost()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(ModulePath);
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    /// <summary>The module as the build leaves it: shell/VecFlow.PowerShell/bin/{configuration}/net10.0/VecFlow.psd1.</summary>
    public static string ModulePath { get; } = FindModule();

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Runs <paramref name="script"/> with <paramref name="variables"/> set; returns its output and error stream.</summary>
    public (Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors, bool HadErrors) Run(string script, IDictionary<string, object?>? variables = null)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _runspace;
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
        {
            _runspace.SessionStateProxy.SetVariable(name, value);
        }

        Collection<PSObject> output = shell.AddScript(script).Invoke();
        return (output, [.. shell.Streams.Error], shell.HadErrors);
    }

    /// <summary>Runs a script that must not write any error.</summary>
    public Collection<PSObject> RunClean(string script, IDictionary<string, object?>? variables = null)
    {
        var (output, errors, hadErrors) = Run(script, variables);
        Assert.True(!hadErrors && errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => e.ToString())));
        return output;
    }

    public void Dispose() => _runspace.Dispose();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VecFlow.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no VecFlow.sln above {AppContext.BaseDirectory}");
    }

    private static string FindModule()
    {
        string configuration = typeof(ModuleHost).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        string path = Path.Combine(FindRoot(), "shell", "VecFlow.PowerShell", "bin", configuration, "net10.0", "VecFlow.psd1");
        return File.Exists(path) ? path : throw new FileNotFoundException($"build the module first: {path} is missing", path);
    }
}
