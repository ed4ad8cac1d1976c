using VecFlow.State.Serialization;
using VecFlow.Vector.Bitmaps;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.State.Tests.Encoding;

/// <summary>Serialized state rows decoded into columns give back every field of every row, NULLs included.</summary>
public sealed class StateRowColumnReaderTests : StateTest
{
    private static readonly SqlType[] Types =
    [
        SqlType.BigInt, SqlType.Int, SqlType.SmallInt, SqlType.TinyInt, SqlType.Boolean, SqlType.Double, SqlType.Float,
        SqlType.Decimal(20, 2), SqlType.Varchar, SqlType.Timestamp,
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1_000)]
    public void Decoded_columns_hold_the_rows_fields(int count)
    {
        var random = new Random(3);
        var serializer = new StateRowSerializer(Types);
        var rows = new List<StateRow>();
        var reader = new StateRowColumnReader(Types, capacity: 4);
        var writer = new StateWriter();
        for (int r = 0; r < count; r++)
        {
            var row = new StateRow(Types);
            RandomStateRows.Fill(row, Types, random, r, nullOneIn: 5);

            rows.Add(row);
            writer.Clear();
            serializer.Write(row, writer);
            reader.Append(writer.Written);
        }

        Assert.Equal(count, reader.Count);
        List<ColumnVector> columns = reader.Build(Types, Pool);
        try
        {
            for (int f = 0; f < Types.Length; f++)
            {
                ColumnVector column = columns[f];
                Assert.Equal(count, column.Length);
                for (int r = 0; r < count; r++)
                {
                    Assert.Equal(rows[r].IsNull(f), column.IsNull(r));
                    if (rows[r].IsNull(f))
                    {
                        continue;
                    }

                    switch (Types[f].Kind)
                    {
                        case SqlTypeKind.Varchar: Assert.Equal(rows[r].GetString(f), System.Text.Encoding.UTF8.GetString(column.StringAt(r))); break;
                        case SqlTypeKind.Double: Assert.Equal(rows[r].GetDouble(f), column.Values<double>()[r]); break;
                        case SqlTypeKind.Float: Assert.Equal((float)rows[r].GetDouble(f), column.Values<float>()[r]); break;
                        case SqlTypeKind.Decimal: Assert.Equal(rows[r].GetDecimal(f), column.Values<Int128>()[r]); break;
                        case SqlTypeKind.Boolean: Assert.Equal(rows[r].GetInt64(f) != 0, Bits.Get(column.BooleanWords, r)); break;
                        case SqlTypeKind.TinyInt: Assert.Equal(rows[r].GetInt64(f), column.Values<sbyte>()[r]); break;
                        case SqlTypeKind.SmallInt: Assert.Equal(rows[r].GetInt64(f), column.Values<short>()[r]); break;
                        case SqlTypeKind.Int: Assert.Equal(rows[r].GetInt64(f), column.Values<int>()[r]); break;
                        default: Assert.Equal(rows[r].GetInt64(f), column.Values<long>()[r]); break;
                    }
                }
            }
        }
        finally
        {
            columns.ForEach(c => c.Dispose());
        }
    }
}
