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
            for (int f = 0; f < Types.Length; f++)
            {
                if (random.Next(4) == 0)
                {
                    continue;
                }

                switch (Types[f].Kind)
                {
                    case SqlTypeKind.Varchar: row.SetString(f, new string('y', random.Next(30)) + "ü" + r); break;
                    case SqlTypeKind.Double: row.SetDouble(f, random.NextDouble() * -1e9); break;
                    case SqlTypeKind.Float: row.SetDouble(f, (float)random.NextDouble()); break;
                    case SqlTypeKind.Decimal: row.SetDecimal(f, (Int128)random.NextInt64() * -7); break;
                    case SqlTypeKind.Boolean: row.SetInt64(f, random.Next(2)); break;
                    case SqlTypeKind.TinyInt: row.SetInt64(f, random.Next(-128, 128)); break;
                    case SqlTypeKind.SmallInt: row.SetInt64(f, random.Next(short.MinValue, short.MaxValue)); break;
                    case SqlTypeKind.Int or SqlTypeKind.Date: row.SetInt64(f, random.Next(int.MinValue, int.MaxValue)); break;
                    default: row.SetInt64(f, random.NextInt64(long.MinValue, long.MaxValue)); break;
                }
            }

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
