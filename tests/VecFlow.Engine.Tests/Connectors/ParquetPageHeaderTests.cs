using VecFlow.Engine.Connectors.Formats.Parquet;

namespace VecFlow.Engine.Tests.Connectors;

/// <summary>Parquet page headers in Thrift's compact protocol: the fields read, the others skipped, damaged bytes refused.</summary>
public sealed class ParquetPageHeaderTests
{
    [Fact]
    public void A_data_page_header_reads_its_sizes_and_counts_past_statistics_it_skips()
    {
        byte[] header =
        [
            0x15, 0x00, // 1: type = DATA_PAGE
            0x15, 0xAC, 0x01, // 2: uncompressed = 86
            0x15, 0xB2, 0x01, // 3: compressed = 89
            0x2C, // 5: DataPageHeader
            0x15, 0x14, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06, // num_values 10, PLAIN, RLE, RLE
            0x1C, 0x18, 0x02, 0x01, 0x02, 0x16, 0x00, 0x00, // statistics: max = 2 bytes, null_count = 0
            0x00, // end of DataPageHeader
            0x00, // end of PageHeader
            0x99, // the page body
        ];
        int position = 0;

        ParquetPageHeader page = ParquetPageHeader.Read(header, ref position);

        Assert.Equal(new ParquetPageHeader(ParquetPageType.DataPage, 86, 89, 10, 0, 3, 0, 0, true), page);
        Assert.Equal(header.Length - 1, position);
    }

    [Fact]
    public void Damaged_headers_are_invalid_data_not_crashes()
    {
        // Structs nested a million deep (field 4, a struct, inside each other).
        byte[] nested = [0x15, 0x00, .. Enumerable.Repeat((byte)0x2C, 1_000_000)];
        // A binary field whose length runs past the end.
        byte[] binary = [0x15, 0x00, 0x38, 0xFF, 0xFF, 0xFF, 0xFF, 0x07];
        // A list of a billion bytes in a few bytes.
        byte[] list = [0x15, 0x00, 0x39, 0xF3, 0xFF, 0xFF, 0xFF, 0x03];
        // A header cut short.
        byte[] truncated = [0x15, 0x00, 0x15];

        foreach (byte[] damaged in new[] { nested, binary, list, truncated })
        {
            int position = 0;
            Assert.Throws<InvalidDataException>(() => ParquetPageHeader.Read(damaged, ref position));
        }
    }

    [Theory]
    [InlineData("parquet-mr version 1.2.8 (build abc)", true)]
    [InlineData("parquet-mr version 1.2.9 (build abc)", false)]
    [InlineData("parquet-mr version 1.12.3 (build abc)", false)]
    [InlineData("parquet-mr version 1.1 (build abc)", true)]
    [InlineData("parquet-cpp-arrow version 14.0.0", false)]
    [InlineData("DuckDB version v1.5.0", false)]
    [InlineData(null, false)]
    public void Files_of_parquet_mr_before_1_2_9_are_known_by_their_writer(string? createdBy, bool old) =>
        Assert.Equal(old, ParquetFooter.WrittenByOldParquetMr(createdBy));
}
