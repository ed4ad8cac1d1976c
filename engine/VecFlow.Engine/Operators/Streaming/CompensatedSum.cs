namespace VecFlow.Engine.Operators.Streaming;

/// <summary>A DOUBLE total with Neumaier's compensation term, so that retracting what was added gives back the earlier total closely.</summary>
internal struct CompensatedSum
{
    public double Sum;
    public double Compensation;

    public readonly double Value => Sum + Compensation;

    public void Add(double value)
    {
        double t = Sum + value;
        Compensation += Math.Abs(Sum) >= Math.Abs(value) ? (Sum - t) + value : (value - t) + Sum;
        Sum = t;
    }

    public void Add(CompensatedSum other)
    {
        Add(other.Sum);
        Add(other.Compensation);
    }
}
