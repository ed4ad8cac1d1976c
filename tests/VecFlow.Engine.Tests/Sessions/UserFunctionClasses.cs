#pragma warning disable CA1822 // A user function's Eval is an instance method by convention.

namespace VecFlow.Engine.Tests.Sessions.Functions;

/// <summary>A string UDF whose parameter cannot be null: a NULL argument gives NULL without calling it.</summary>
public sealed class MyUpper
{
    public string Eval(string s) => s is null ? throw new InvalidOperationException("called with null") : s.ToUpperInvariant() + "!";
}

/// <summary>Overloads chosen by the SQL argument types.</summary>
public sealed class Plus
{
    public int Eval(int a, int b) => a + b + 1_000;

    public long Eval(long a, long b) => a + b + 2_000;

    public double Eval(double a, double b) => a + b + 0.5;

    public decimal Eval(decimal a, decimal b) => a + b + 0.125m;
}

/// <summary>Nullable parameters receive NULL; a null result is SQL NULL.</summary>
public sealed class Describe
{
    public string? Eval(int? x) => x is null ? "none" : x < 0 ? null : $"n{x}";

    public bool? Eval(bool? b) => b is null ? null : !b;
}

/// <summary>Temporal parameters and results.</summary>
public sealed class Later
{
    public DateTime Eval(DateTime ts, int days) => ts.AddDays(days);

    public DateOnly Eval(DateOnly d, int days) => d.AddDays(days);

    public bool Eval(DateOnly d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}

/// <summary>Throws for one value, to test how a failing UDF is reported.</summary>
public sealed class Fragile
{
    public long Eval(long x) => x == 13 ? throw new ArgumentException("unlucky\nnumber") : x * 2;
}

/// <summary>Has no Eval method.</summary>
public sealed class NoEval
{
    public int Evaluate(int x) => x;
}

/// <summary>Keeps state across rows in one instance (each call site gets its own instance).</summary>
public sealed class RunningCount
{
    private long _seen;

    public long Eval(string? s) => ++_seen;
}

/// <summary>Holds its first call until another evaluation of the same bound call has run, to interleave two subtasks deterministically.</summary>
public sealed class HeldFirstCall
{
    private static int _calls;

    public static ManualResetEventSlim FirstCallEntered { get; } = new();

    public static ManualResetEventSlim OtherEvaluationDone { get; } = new();

    private int _running;

    public long Eval(long x)
    {
        if (Interlocked.Increment(ref _running) != 1)
        {
            throw new InvalidOperationException("Eval ran concurrently on one instance");
        }

        if (Interlocked.Increment(ref _calls) == 1)
        {
            FirstCallEntered.Set();
            OtherEvaluationDone.Wait(TimeSpan.FromSeconds(30));
        }

        Interlocked.Decrement(ref _running);
        return x * 10;
    }
}
