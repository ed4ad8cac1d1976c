using VecFlow.Vector.Kernels;
using VecFlow.Vector.Types;

namespace VecFlow.Vector.Expressions;

/// <summary>Result types of the temporal functions whose type depends on a unit.</summary>
public static class TemporalResultTypes
{
    /// <summary>TIMESTAMPADD: DATE stays DATE for DAY, WEEK and calendar units, else becomes TIMESTAMP(3); timestamps keep their type.</summary>
    public static SqlType TimestampAdd(TemporalUnit unit, SqlType input)
    {
        if (input.Kind != SqlTypeKind.Date)
        {
            return input.Kind == SqlTypeKind.Null ? SqlType.Timestamp : input;
        }

        bool wholeDays = TemporalUnits.Months(unit) > 0 || unit is TemporalUnit.Day or TemporalUnit.Week;
        return (wholeDays ? SqlType.Date : SqlType.Timestamp).WithNullable(input.Nullable);
    }
}
