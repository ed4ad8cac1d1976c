namespace VecFlow.Vector.Kernels;

/// <summary>The SQL arithmetic operators + - * / %.</summary>
public enum ArithmeticOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

/// <summary>How an <see cref="ArithmeticOp"/> is written in SQL, for messages.</summary>
public static class ArithmeticOpText
{
    public static char Symbol(this ArithmeticOp op) => op switch
    {
        ArithmeticOp.Add => '+',
        ArithmeticOp.Subtract => '-',
        ArithmeticOp.Multiply => '*',
        ArithmeticOp.Divide => '/',
        ArithmeticOp.Modulo => '%',
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown arithmetic operator."),
    };
}
