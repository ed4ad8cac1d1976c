using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Errors;
using VecFlow.Vector.Expressions;
using VecFlow.Vector.Memory;

namespace VecFlow.Engine.Catalog.Functions;

/// <summary>One overload of a user function bound into an expression: calls its <c>Eval</c> a row at a time over a batch.</summary>
/// <remarks>
/// The call is compiled once into a delegate (reading each argument as its parameter's CLR type and writing the result
/// column), so a row costs a delegate call, not reflection. Rows outside <c>live</c> and rows where a parameter that
/// cannot hold null gets NULL are not called and are NULL. One bound call is evaluated by every parallel subtask at
/// once, so an evaluation keeps its columns to itself and takes an instance of the class no other evaluation is using
/// (like Flink, where each parallel instance of a function has its own object): Eval never runs concurrently on one
/// object.
/// </remarks>
internal sealed class UserScalarFunction : ScalarFunction
{
    private readonly ConcurrentBag<object> _idle = [];
    private readonly Type _class;
    private readonly MethodInfo _method;
    private readonly Action<object, ClrArgument[], ColumnVector[], ClrResult, int> _callRow;
    private readonly ClrArgument[] _arguments;

    public UserScalarFunction(string name, object instance, MethodInfo method, ClrArgument[] arguments)
    {
        Name = name;
        _idle.Add(instance);
        _class = instance.GetType();
        _method = method;
        _arguments = arguments;
        _callRow = Compile(method);
    }

    public override string Name { get; }

    public override ColumnVector Invoke(IReadOnlyList<Operand> arguments, int length, ReadOnlySpan<ulong> live, BufferPool pool)
    {
        var columns = new ColumnVector[arguments.Count];
        object instance = _idle.TryTake(out object? idle) ? idle : Activator.CreateInstance(_class)!;
        try
        {
            for (int a = 0; a < arguments.Count; a++)
            {
                columns[a] = arguments[a].ToColumn(length, pool);
            }

            using ClrResult result = ClrSignature.Result(_method.ReturnType, length, pool);
            for (int row = 0; row < length; row++)
            {
                if ((!live.IsEmpty && !Vector.Bitmaps.Bits.Get(live, row)) || SkipsCall(columns, row))
                {
                    result.SetNull(row);
                    continue;
                }

                try
                {
                    _callRow(instance, _arguments, columns, result, row);
                }
                catch (Exception e)
                {
                    string message = string.Join(' ', e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
                    throw new SqlRuntimeException(SqlErrorKind.InvalidArgument, row, $"user function {Name} ({_method.DeclaringType!.FullName}.{_method.Name}) threw {e.GetType().Name}: {message}");
                }
            }

            return result.Build();
        }
        finally
        {
            _idle.Add(instance);
            foreach (ColumnVector? column in columns)
            {
                column?.Dispose();
            }
        }
    }

    private bool SkipsCall(ColumnVector[] columns, int row)
    {
        for (int a = 0; a < _arguments.Length; a++)
        {
            if (_arguments[a].NullSkipsCall && columns[a].IsNull(row))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>(instance, readers, columns, result, row) => result.Set(row, ((T)instance).Eval(reader0.Read(columns[0], row), ...)), with NULL results kept NULL.</summary>
    private static Action<object, ClrArgument[], ColumnVector[], ClrResult, int> Compile(MethodInfo method)
    {
        ParameterExpression instance = Expression.Parameter(typeof(object), "instance");
        ParameterExpression readers = Expression.Parameter(typeof(ClrArgument[]), "readers");
        ParameterExpression columns = Expression.Parameter(typeof(ColumnVector[]), "columns");
        ParameterExpression result = Expression.Parameter(typeof(ClrResult), "result");
        ParameterExpression row = Expression.Parameter(typeof(int), "row");
        ParameterInfo[] parameters = method.GetParameters();
        var arguments = parameters.Select((p, i) =>
        {
            Type reader = typeof(ClrArgument<>).MakeGenericType(p.ParameterType == typeof(string) ? typeof(string) : p.ParameterType);
            Expression read = Expression.Call(Expression.Convert(Expression.ArrayIndex(readers, Expression.Constant(i)), reader), reader.GetMethod(nameof(ClrArgument<int>.Read))!, Expression.ArrayIndex(columns, Expression.Constant(i)), row);
            return read.Type == p.ParameterType ? read : Expression.Convert(read, p.ParameterType);
        });
        Expression call = Expression.Call(Expression.Convert(instance, method.DeclaringType!), method, arguments);
        ParameterExpression value = Expression.Variable(method.ReturnType, "value");
        Type stored = Nullable.GetUnderlyingType(method.ReturnType) ?? method.ReturnType;
        Type writer = typeof(ClrResult<>).MakeGenericType(stored);
        Expression Set(Expression v) => Expression.Call(Expression.Convert(result, writer), writer.GetMethod(nameof(ClrResult<int>.Set))!, row, v);
        Expression setNull = Expression.Call(result, typeof(ClrResult).GetMethod(nameof(ClrResult.SetNull))!, row);
        Expression store = method.ReturnType.IsValueType
            ? Nullable.GetUnderlyingType(method.ReturnType) is null
                ? Set(value)
                : Expression.IfThenElse(Expression.Property(value, "HasValue"), Set(Expression.Property(value, "Value")), setNull)
            : Expression.IfThenElse(Expression.Equal(value, Expression.Constant(null, method.ReturnType)), setNull, Set(value));
        var body = Expression.Block([value], Expression.Assign(value, call), store);
        return Expression.Lambda<Action<object, ClrArgument[], ColumnVector[], ClrResult, int>>(body, instance, readers, columns, result, row).Compile();
    }
}
