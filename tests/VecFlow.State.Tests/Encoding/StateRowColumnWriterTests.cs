using VecFlow.State.Serialization;
using VecFlow.Vector.Columns;
using VecFlow.Vector.Types;

namespace VecFlow.State.Tests.Encoding;

/// <summary>Rows serialized straight from columns are byte for byte what the row serializer writes for the same rows.</summary>
public sealed class StateRowColumnWriterTests : StateTest
{
    private static readonly SqlType[] Types =
    [
        SqlType.BigInt, SqlType.Int, SqlType.SmallInt, SqlType.TinyInt, SqlType.Boolean, SqlType.Double, SqlType.Float,
        SqlType.Decimal(20, 2), SqlType.Varchar, SqlType.Timestamp, SqlType.Date,
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(500)]
    public void Column_rows_serialize_as_the_row_serializer_writes_them_with_the_trailing_fields(int count)
    {
        var random = new Random(7);
        SqlType[] withTrailing = [.. Types, SqlType.BigInt, SqlType.BigInt];
        var serializer = new StateRowSerializer(withTrailing);
        var reader = new StateRowColumnReader(Types, capacity: 8);
        var expected = new List<byte[]>();
        var writer = new StateWriter();
        for (int r = 0; r < count; r++)
        {
            var row = new StateRow(withTrailing);
            RandomStateRows.Fill(row, Types, random, r, nullOneIn: 4);
            row.SetInt64(Types.Length, 1);
            row.SetInt64(Types.Length + 1, -r);
            writer.Clear();
            serializer.Write(row, writer);
            expected.Add(writer.Written.ToArray());

            // The same row without the trailing fields, decoded into columns by the reader.
            var plain = new StateRow(Types);
            for (int f = 0; f < Types.Length; f++)
            {
                if (row.IsNull(f))
                {
                    continue;
                }

                if (Types[f].Kind == SqlTypeKind.Varchar)
                {
                    plain.SetString(f, row.GetString(f));
                }
                else
                {
                    plain.SetDecimal(f, row.GetDecimal(f));
                }
            }

            writer.Clear();
            new StateRowSerializer(Types).Write(plain, writer);
            reader.Append(writer.Written);
        }

        List<ColumnVector> columns = reader.Build(Types, Pool);
        try
        {
            for (int r = 0; r < count; r++)
            {
                writer.Clear();
                StateRowColumnWriter.Write(columns, r, [1, -r], writer);
                Assert.Equal(expected[r], writer.Written.ToArray());
            }
        }
        finally
        {
            columns.ForEach(c => c.Dispose());
        }
    }
}
