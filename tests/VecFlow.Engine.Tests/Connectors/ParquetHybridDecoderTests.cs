using VecFlow.Engine.Connectors.Formats.Parquet;

namespace VecFlow.Engine.Tests.Connectors;

/// <summary>The RLE / bit-packing hybrid decoder against an encoder written from the format's description, for every bit width.</summary>
public sealed class ParquetHybridDecoderTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(17)]
    [InlineData(24)]
    [InlineData(31)]
    [InlineData(32)]
    public void Runs_of_both_kinds_decode_read_and_skip_to_the_values_encoded(int bitWidth)
    {
        var random = new Random(bitWidth);
        var values = new List<int>();
        var encoded = new List<byte>();
        for (int run = 0; run < 40; run++)
        {
            if (random.Next(2) == 0)
            {
                int count = 1 + random.Next(300);
                int value = RandomValue(random, bitWidth);
                Varint(encoded, (uint)count << 1);
                for (int b = 0; b < (bitWidth + 7) / 8; b++)
                {
                    encoded.Add((byte)(value >> (8 * b)));
                }

                values.AddRange(Enumerable.Repeat(value, count));
            }
            else
            {
                int groups = 1 + random.Next(6);
                int[] packed = [.. Enumerable.Range(0, groups * 8).Select(_ => RandomValue(random, bitWidth))];
                Varint(encoded, ((uint)groups << 1) | 1);
                var bits = new byte[groups * bitWidth];
                for (int i = 0; i < packed.Length; i++)
                {
                    for (int k = 0; k < bitWidth; k++)
                    {
                        if (((packed[i] >> k) & 1) != 0)
                        {
                            long bit = ((long)i * bitWidth) + k;
                            bits[bit >> 3] |= (byte)(1 << (int)(bit & 7));
                        }
                    }
                }

                encoded.AddRange(bits);
                values.AddRange(packed);
            }
        }

        byte[] data = [.. new byte[5], .. encoded, .. new byte[8]];
        var decoder = new ParquetHybridDecoder();
        decoder.Reset(data, 5, encoded.Count, bitWidth);
        var read = new List<int>();
        int at = 0;
        while (at < values.Count)
        {
            int n = Math.Min(values.Count - at, 1 + random.Next(100));
            if (random.Next(3) == 0)
            {
                decoder.Skip(n);
                read.AddRange(values.Skip(at).Take(n));
            }
            else
            {
                int[] chunk = new int[n];
                decoder.Read(chunk);
                read.AddRange(chunk);
            }

            at += n;
        }

        Assert.Equal(values, read);
        Assert.Throws<InvalidDataException>(() => decoder.Read(new int[1]));
    }

    [Fact]
    public void Damaged_runs_end_in_an_invalid_data_error_not_a_crash()
    {
        // 100 KB of empty bit-packed runs (header 0x01: zero groups), then nothing: no stack grows per run.
        byte[] empty = [.. Enumerable.Repeat((byte)0x01, 100_000), .. new byte[8]];
        var decoder = new ParquetHybridDecoder();
        decoder.Reset(empty, 0, 100_000, 3);
        Assert.Throws<InvalidDataException>(() => decoder.Read(new int[1]));

        // A run header claiming billions of values of width 0.
        byte[] huge = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, .. new byte[8]];
        decoder.Reset(huge, 0, 5, 0);
        Assert.Throws<InvalidDataException>(() => decoder.Read(new int[1]));
    }

    private static int RandomValue(Random random, int bitWidth) =>
        bitWidth == 0 ? 0 : (int)(uint)random.NextInt64(0, 1L << bitWidth);

    private static void Varint(List<byte> bytes, uint value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
    }
}
