using System.Reflection;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Types;

namespace VecFlow.Engine.Catalog.Functions;

/// <summary>A user-defined scalar function registered by CREATE FUNCTION: a .NET class with public <c>Eval</c> methods.</summary>
/// <remarks>
/// The convention follows Flink's ScalarFunction: a public class with a public parameterless constructor and one or more
/// public instance methods named <c>Eval</c>. The overload is chosen by the SQL argument types; each bound call gets
/// its own instance of the class.
/// </remarks>
public sealed class UserFunction
{
    /// <summary>Java classes that jobs written for Flink name, and the .NET class that does the same, so those jobs run unchanged.</summary>
    private static readonly Dictionary<string, Type> FlinkClasses = new(StringComparer.Ordinal)
    {
        ["com.github.nexmark.flink.udf.CountChar"] = typeof(Connectors.Nexmark.CountChar),
    };

    private readonly MethodInfo[] _overloads;

    private UserFunction(string name, Type type, bool system, MethodInfo[] overloads)
    {
        Name = name;
        Type = type;
        IsSystem = system;
        _overloads = overloads;
    }

    public string Name { get; }

    /// <summary>The implementing class.</summary>
    public Type Type { get; }

    /// <summary>A temporary system function, which shadows a built-in function of the same name.</summary>
    public bool IsSystem { get; }

    /// <summary>Every Eval overload as SQL, for error messages: <c>MYFN(STRING, INT) -&gt; STRING</c>.</summary>
    public IEnumerable<string> Signatures => _overloads.Select(m =>
        $"{Name.ToUpperInvariant()}({string.Join(", ", m.GetParameters().Select(p => SqlName(p.ParameterType)))}) -> {SqlName(m.ReturnType)}");

    /// <summary>Finds <paramref name="className"/> (in <paramref name="assemblyPath"/> when given, else in a loaded assembly) and checks the convention.</summary>
    /// <exception cref="UserFunctionException">The class, its constructor or a usable Eval method is missing.</exception>
    public static UserFunction Load(string name, string className, string? assemblyPath, bool system)
    {
        Type type = FindType(className, assemblyPath);
        if ((!type.IsPublic && !type.IsNestedPublic) || type.IsAbstract || type.IsGenericTypeDefinition)
        {
            throw new UserFunctionException($"class '{className}' must be a public, non-abstract, non-generic class");
        }

        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new UserFunctionException($"class '{className}' needs a public parameterless constructor");
        }

        MethodInfo[] evals = type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == "Eval").ToArray();
        if (evals.Length == 0)
        {
            throw new UserFunctionException($"class '{className}' has no public instance method named Eval; a scalar function implements one or more Eval overloads");
        }

        var bad = evals.FirstOrDefault(m => m.IsGenericMethodDefinition || m.ReturnType == typeof(void) || ClrSignature.SqlTypeOf(m.ReturnType) is null
            || m.GetParameters().Any(p => p.ParameterType.IsByRef || ClrSignature.SqlTypeOf(p.ParameterType) is null));
        if (bad is not null)
        {
            throw new UserFunctionException($"'{className}.Eval({string.Join(", ", bad.GetParameters().Select(p => p.ParameterType.Name))}) -> {bad.ReturnType.Name}' uses a type VecFlow cannot map; parameters and results may be {ClrSignature.Supported}");
        }

        return new UserFunction(name, type, system, evals);
    }

    /// <summary>A call of this function on <paramref name="arguments"/>: the best Eval overload, arguments cast to its parameter types.</summary>
    /// <exception cref="UserFunctionException">No overload takes these argument types (the message lists the valid ones), or two fit equally.</exception>
    public FunctionCall Bind(IReadOnlyList<Expr> arguments, Func<Expr, SqlType, Expr> cast)
    {
        var candidates = _overloads
            .Select(m => (Method: m, Cost: Cost(m, arguments)))
            .Where(c => c.Cost >= 0)
            .OrderBy(c => c.Cost)
            .ToList();
        string written = $"{Name.ToUpperInvariant()}({string.Join(", ", arguments.Select(a => a.Type.WithNullable(true)))})";
        if (candidates.Count == 0)
        {
            throw new UserFunctionException($"no Eval overload of {Name.ToUpperInvariant()} takes {written}; valid: {string.Join("; ", Signatures)}");
        }

        if (candidates.Count > 1 && candidates[1].Cost == candidates[0].Cost)
        {
            throw new UserFunctionException($"the call {written} fits several Eval overloads equally: {string.Join("; ", candidates.Where(c => c.Cost == candidates[0].Cost).Select(c => Describe(c.Method)))}; add a CAST");
        }

        MethodInfo method = candidates[0].Method;
        ParameterInfo[] parameters = method.GetParameters();
        var nullability = new NullabilityInfoContext();
        var readers = parameters.Select(p => ClrSignature.Argument(p.ParameterType, CannotHoldNull(p, nullability))).ToArray();
        var converted = arguments.Select((a, i) => cast(a, Target(a.Type, parameters[i].ParameterType))).ToList();
        object instance = Activator.CreateInstance(Type)!;
        return new FunctionCall(new UserScalarFunction(Name.ToUpperInvariant(), instance, method, readers), converted, ClrSignature.SqlTypeOf(method.ReturnType)!.WithNullable(true));
    }

    private string Describe(MethodInfo m) =>
        $"{Name.ToUpperInvariant()}({string.Join(", ", m.GetParameters().Select(p => SqlName(p.ParameterType)))})";

    private static string SqlName(Type clr) => ClrSignature.SqlTypeOf(clr) is { } t
        ? (t.Kind == SqlTypeKind.Decimal ? "DECIMAL" : t.ToString())
        : clr.Name;

    /// <summary>A value type that is not Nullable, or a reference annotated as not null, cannot receive NULL.</summary>
    private static bool CannotHoldNull(ParameterInfo parameter, NullabilityInfoContext context) =>
        parameter.ParameterType.IsValueType
            ? Nullable.GetUnderlyingType(parameter.ParameterType) is null
            : context.Create(parameter).WriteState == NullabilityState.NotNull;

    /// <summary>The SQL type an argument is cast to for a parameter: the parameter's, keeping a DECIMAL argument's own precision.</summary>
    private static SqlType Target(SqlType argument, Type parameter)
    {
        SqlType target = ClrSignature.SqlTypeOf(parameter)!;
        return target.Kind == SqlTypeKind.Decimal && argument.Kind == SqlTypeKind.Decimal ? argument : target;
    }

    /// <summary>0 when every argument has its parameter's type, more for each widening, -1 when one does not convert.</summary>
    private static int Cost(MethodInfo method, IReadOnlyList<Expr> arguments)
    {
        ParameterInfo[] parameters = method.GetParameters();
        if (parameters.Length != arguments.Count)
        {
            return -1;
        }

        int cost = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            SqlType argument = arguments[i].Type;
            SqlType target = ClrSignature.SqlTypeOf(parameters[i].ParameterType)!;
            if (argument.Kind == SqlTypeKind.Null || argument.Kind == target.Kind)
            {
                continue;
            }

            SqlType? common = TypeCoercion.CommonType(argument, target);
            if (common is null || common.Kind != target.Kind || argument.Kind == SqlTypeKind.Varchar || target.Kind == SqlTypeKind.Varchar)
            {
                return -1;
            }

            cost += 1 + Math.Abs((int)target.Kind - (int)argument.Kind);
        }

        return cost;
    }

    private static Type FindType(string className, string? assemblyPath)
    {
        if (assemblyPath is not null)
        {
            string full = Path.GetFullPath(assemblyPath);
            if (!File.Exists(full))
            {
                throw new UserFunctionException($"the assembly '{assemblyPath}' of USING JAR does not exist");
            }

            Assembly assembly;
            try
            {
                assembly = Assembly.LoadFrom(full);
            }
            catch (BadImageFormatException)
            {
                throw new UserFunctionException($"'{assemblyPath}' is not a .NET assembly; USING JAR names a .dll built for .NET");
            }

            return Lookup(assembly, className) ?? throw new UserFunctionException($"class '{className}' not found in '{assemblyPath}'");
        }

        if (FlinkClasses.TryGetValue(className, out Type? known))
        {
            return known;
        }

        foreach (Assembly assembly in AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic))
        {
            if (Lookup(assembly, className) is { } type)
            {
                return type;
            }
        }

        throw new UserFunctionException($"class '{className}' not found in the assemblies loaded in this process; name the assembly with USING JAR 'path/to/assembly.dll'");
    }

    /// <summary>A type by full name; the last dots may also separate nested classes (<c>Outer.Inner</c> for <c>Outer+Inner</c>).</summary>
    private static Type? Lookup(Assembly assembly, string className)
    {
        string name = className;
        while (true)
        {
            if (assembly.GetType(name, throwOnError: false) is { } type)
            {
                return type;
            }

            int dot = name.LastIndexOf('.');
            if (dot < 0)
            {
                return null;
            }

            name = string.Concat(name.AsSpan(0, dot), "+", name.AsSpan(dot + 1));
        }
    }
}
