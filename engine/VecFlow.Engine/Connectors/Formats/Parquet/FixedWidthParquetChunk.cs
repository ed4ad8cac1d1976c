using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using global::Parquet.Meta;
using Microsoft.Win32.SafeHandles;
using ParquetEncoding = global::Parquet.Meta.Encoding;
using ParquetType = global::Parquet.Meta.Type;

namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>
/// A column chunk of INT32, INT64, FLOAT or DOUBLE values whose pages VecFlow decodes itself: PLAIN or dictionary
/// encoded, uncompressed or SNAPPY, data pages of either version, with RLE definition levels.
/// </summary>
/// <remarks>
/// The chunk's bytes are read with one positioned read; a page is decompressed (with Snappier) only when a row of it is
/// asked for, so pages a scan skips whole are never decompressed. Against Arrow's reader this halves the time of a
/// scan that decompresses most of what it reads (Snappier decompresses faster than the bundled snappy), and the values
/// are copied once, from the page straight into the caller's buffer. Anything else stays with <see cref="ParquetSharpChunk"/>
/// (<see cref="Supports"/>).
/// </remarks>
internal sealed class FixedWidthParquetChunk : ParquetChunk
{
    // Padding after every buffer the hybrid decoder reads: it loads 8 bytes at a time.
    private const int Slack = sizeof(ulong);

    private readonly ParquetColumn _column;
    private readonly int _width;
    private readonly int _maxDefinition;
    private readonly bool _snappy;
    private readonly byte[] _chunk;
    private readonly int _chunkLength;
    private readonly ParquetHybridDecoder _levels = new();
    private readonly ParquetHybridDecoder _indices = new();

    // The next page header's offset in _chunk.
    private int _position;

    private byte[]? _dictionary;
    private int _dictionaryCount;

    // The current data page: its header and body offset, rows left, and once loaded where its values are.
    private ParquetPageHeader _page;
    private int _body;
    private int _left;
    private bool _loaded;
    private bool _dictionaryEncoded;
    private byte[] _values = [];
    private int _valueOffset;
    private int _valueEnd;
    private byte[]? _decompressed;
    private int[]? _indexScratch;
    private short[]? _levelScratch;

    private FixedWidthParquetChunk(ParquetColumn column, int width, bool snappy, byte[] chunk, int chunkLength)
    {
        _column = column;
        _width = width;
        _maxDefinition = column.MaxDefinitionLevel;
        _snappy = snappy;
        _chunk = chunk;
        _chunkLength = chunkLength;
    }

    /// <summary>Whether this reader decodes the chunk described by <paramref name="metadata"/>.</summary>
    public static bool Supports(ColumnMetaData metadata, ParquetColumn column) =>
        metadata.Type is ParquetType.INT32 or ParquetType.INT64 or ParquetType.FLOAT or ParquetType.DOUBLE
        && column.Physical == metadata.Type
        && metadata.Codec is CompressionCodec.UNCOMPRESSED or CompressionCodec.SNAPPY
        && metadata.Encodings.All(e => e is ParquetEncoding.PLAIN or ParquetEncoding.RLE or ParquetEncoding.PLAIN_DICTIONARY or ParquetEncoding.RLE_DICTIONARY)
        && metadata.TotalCompressedSize is > 0 and < int.MaxValue - Slack;

    /// <summary>Reads the chunk's bytes from <paramref name="file"/>; the caller disposes the chunk.</summary>
    public static FixedWidthParquetChunk Open(SafeFileHandle file, ColumnMetaData metadata, ParquetColumn column)
    {
        long start = metadata.DictionaryPageOffset is long dictionary && dictionary > 0
            ? Math.Min(dictionary, metadata.DataPageOffset)
            : metadata.DataPageOffset;
        int length = (int)metadata.TotalCompressedSize;
        if (start < 0)
        {
            throw new ConnectorException($"Column '{column.Name}' of the parquet file '{column.Path}' cannot be read: its chunk starts at offset {start}.");
        }

        byte[] bytes = ArrayPool<byte>.Shared.Rent(length + Slack);
        try
        {
            int read = 0;
            while (read < length)
            {
                int n = RandomAccess.Read(file, bytes.AsSpan(read, length - read), start + read);
                if (n == 0)
                {
                    throw new ConnectorException($"Column '{column.Name}' of the parquet file '{column.Path}' cannot be read: its chunk runs past the end of the file.");
                }

                read += n;
            }
        }
        catch (IOException e)
        {
            ArrayPool<byte>.Shared.Return(bytes);
            throw new ConnectorException($"Column '{column.Name}' of the parquet file '{column.Path}' cannot be read: {e.Message}", e);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(bytes);
            throw;
        }

        int width = metadata.Type is ParquetType.INT64 or ParquetType.DOUBLE ? 8 : 4;
        return new FixedWidthParquetChunk(column, width, metadata.Codec == CompressionCodec.SNAPPY, bytes, length);
    }

    public override bool HasNext
    {
        get
        {
            try
            {
                return NextRows();
            }
            catch (Exception e) when (IsDamage(e))
            {
                throw Damaged(e);
            }
        }
    }

    public override int ReadBatch<T>(Span<short> levels, Span<T> values, out int present)
    {
        if (Unsafe.SizeOf<T>() != _width)
        {
            throw new InvalidCastException($"the chunk holds {_width}-byte values, not {typeof(T).Name}");
        }

        try
        {
            if (!NextRows())
            {
                present = 0;
                return 0;
            }

            Load();
            int n = Math.Min(values.Length, _left);
            present = n;
            if (_maxDefinition > 0)
            {
                Span<short> defined = levels[..n];
                _levels.Read(defined);
                present = defined.Count((short)_maxDefinition);
            }

            Span<T> target = values[..present];
            if (_dictionaryEncoded)
            {
                Lookup(target);
            }
            else
            {
                int bytes = present * _width;
                if (_valueOffset + bytes > _valueEnd)
                {
                    throw new InvalidDataException("a page holds fewer values than its levels count");
                }

                _values.AsSpan(_valueOffset, bytes).CopyTo(MemoryMarshal.AsBytes(target));
                _valueOffset += bytes;
            }

            _left -= n;
            return n;
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Damaged(e);
        }
    }

    public override long Skip(long rows)
    {
        try
        {
            long skipped = 0;
            while (skipped < rows && NextRows())
            {
                int n = (int)Math.Min(rows - skipped, _left);
                if (!_loaded && n == _left)
                {
                    // A page skipped whole is never decompressed.
                    _left = 0;
                    skipped += n;
                    continue;
                }

                Load();
                int present = n;
                if (_maxDefinition > 0)
                {
                    _levelScratch = Scratch(_levelScratch, n);
                    Span<short> defined = _levelScratch.AsSpan(0, n);
                    _levels.Read(defined);
                    present = defined.Count((short)_maxDefinition);
                }

                if (_dictionaryEncoded)
                {
                    _indices.Skip(present);
                }
                else
                {
                    _valueOffset += present * _width;
                }

                _left -= n;
                skipped += n;
            }

            return skipped;
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Damaged(e);
        }
    }

    public override void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_chunk);
        Return(ref _decompressed);
        Return(ref _dictionary);
        if (_indexScratch is not null)
        {
            ArrayPool<int>.Shared.Return(_indexScratch);
            _indexScratch = null;
        }

        if (_levelScratch is not null)
        {
            ArrayPool<short>.Shared.Return(_levelScratch);
            _levelScratch = null;
        }
    }

    /// <summary>Moves to the next data page with rows when the current one is spent; false at the end of the chunk.</summary>
    private bool NextRows()
    {
        while (_left == 0)
        {
            if (_position >= _chunkLength)
            {
                return false;
            }

            ParquetPageHeader header = ParquetPageHeader.Read(_chunk.AsSpan(0, _chunkLength), ref _position);
            int body = _position;
            if (header.CompressedSize < 0 || header.CompressedSize > _chunkLength - body)
            {
                throw new InvalidDataException("a page runs past the end of its column chunk");
            }

            if (header.UncompressedSize < 0)
            {
                throw new InvalidDataException($"a page claims {header.UncompressedSize} bytes uncompressed");
            }

            _position = body + header.CompressedSize;
            switch (header.Type)
            {
                case ParquetPageType.DictionaryPage:
                    LoadDictionary(header, body);
                    break;
                case ParquetPageType.DataPage or ParquetPageType.DataPageV2 when header.Values > 0:
                    _page = header;
                    _body = body;
                    _left = header.Values;
                    _loaded = false;
                    break;
                default:
                    // Index pages and empty data pages hold no rows.
                    break;
            }
        }

        return true;
    }

    /// <summary>Decompresses the current page when first read and positions the level and value decoders at its start.</summary>
    private void Load()
    {
        if (_loaded)
        {
            return;
        }

        ParquetPageHeader page = _page;
        byte[] data;
        int start;
        int end;
        if (page.Type == ParquetPageType.DataPageV2)
        {
            // Version 2: the levels lie uncompressed before the (maybe compressed) values.
            long levelLength = (long)page.RepetitionLevelsLength + page.DefinitionLevelsLength;
            int levelBytes = (int)Math.Min(levelLength, int.MaxValue);
            if (page.RepetitionLevelsLength < 0 || page.DefinitionLevelsLength < 0 || levelLength > page.CompressedSize || levelLength > page.UncompressedSize)
            {
                throw new InvalidDataException("a version 2 page's level lengths exceed the page");
            }

            if (_maxDefinition > 0)
            {
                _levels.Reset(_chunk, _body + page.RepetitionLevelsLength, page.DefinitionLevelsLength, BitWidth(_maxDefinition));
            }

            (data, start, end) = Body(_body + levelBytes, page.CompressedSize - levelBytes, page.UncompressedSize - levelBytes, page.Compressed);
        }
        else
        {
            (data, start, end) = Body(_body, page.CompressedSize, page.UncompressedSize, compressed: true);
            if (_maxDefinition > 0)
            {
                if (page.DefinitionLevelEncoding != (int)ParquetEncoding.RLE)
                {
                    throw new InvalidDataException($"a page's definition levels are in encoding {page.DefinitionLevelEncoding}; VecFlow reads RLE levels");
                }

                if (end - start < sizeof(int))
                {
                    throw new InvalidDataException("a page ends before its definition levels");
                }

                int length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(start));
                if (length < 0 || length > end - start - sizeof(int))
                {
                    throw new InvalidDataException("a page's definition levels run past its end");
                }

                _levels.Reset(data, start + sizeof(int), length, BitWidth(_maxDefinition));
                start += sizeof(int) + length;
            }
        }

        switch ((ParquetEncoding)page.Encoding)
        {
            case ParquetEncoding.PLAIN:
                _dictionaryEncoded = false;
                break;
            case ParquetEncoding.PLAIN_DICTIONARY or ParquetEncoding.RLE_DICTIONARY:
                if (_dictionary is null)
                {
                    throw new InvalidDataException("a dictionary-encoded page comes before any dictionary page");
                }

                if (end - start < 1)
                {
                    throw new InvalidDataException("a dictionary-encoded page has no bit width");
                }

                _dictionaryEncoded = true;
                _indices.Reset(data, start + 1, end - start - 1, data[start]);
                break;
            default:
                throw new InvalidDataException($"a page is in encoding {page.Encoding}; VecFlow reads PLAIN and dictionary pages of this column");
        }

        _values = data;
        _valueOffset = start;
        _valueEnd = end;
        _loaded = true;
    }

    /// <summary>A page body's bytes, decompressed when the chunk is SNAPPY and the page says it is compressed: (buffer, start, end).</summary>
    private (byte[] Data, int Start, int End) Body(int offset, int compressedSize, int uncompressedSize, bool compressed)
    {
        // An empty values section (a version 2 page of NULLs alone) is empty whatever its compression flag says.
        if (!_snappy || !compressed || compressedSize == 0)
        {
            return (_chunk, offset, offset + compressedSize);
        }

        RequireLength(_chunk.AsSpan(offset, compressedSize), uncompressedSize);
        _decompressed = Scratch(_decompressed, uncompressedSize + Slack);
        int written = Decompress(_chunk.AsSpan(offset, compressedSize), _decompressed.AsSpan(0, uncompressedSize));
        if (written != uncompressedSize)
        {
            throw new InvalidDataException($"a page decompresses to {written} bytes, not the {uncompressedSize} its header gives");
        }

        return (_decompressed, 0, uncompressedSize);
    }

    private void LoadDictionary(ParquetPageHeader header, int body)
    {
        if (header.Encoding is not ((int)ParquetEncoding.PLAIN or (int)ParquetEncoding.PLAIN_DICTIONARY))
        {
            throw new InvalidDataException($"a dictionary page is in encoding {header.Encoding}; dictionaries are PLAIN");
        }

        if (header.Values < 0 || (long)header.Values * _width > header.UncompressedSize)
        {
            throw new InvalidDataException("a dictionary page holds fewer values than its header counts");
        }

        if (_snappy)
        {
            RequireLength(_chunk.AsSpan(body, header.CompressedSize), header.UncompressedSize);
        }
        else if (header.CompressedSize < header.UncompressedSize)
        {
            throw new InvalidDataException("an uncompressed dictionary page is shorter than its header gives");
        }

        byte[] dictionary = ArrayPool<byte>.Shared.Rent(Math.Max(header.UncompressedSize, 1));
        Return(ref _dictionary);
        _dictionary = dictionary;
        if (_snappy)
        {
            int written = Decompress(_chunk.AsSpan(body, header.CompressedSize), dictionary.AsSpan(0, header.UncompressedSize));
            if (written != header.UncompressedSize)
            {
                throw new InvalidDataException($"a dictionary page decompresses to {written} bytes, not the {header.UncompressedSize} its header gives");
            }
        }
        else
        {
            _chunk.AsSpan(body, header.UncompressedSize).CopyTo(dictionary);
        }

        _dictionaryCount = header.Values;
    }

    /// <summary>The dictionary values of the next <paramref name="target"/>.Length indices.</summary>
    private void Lookup<T>(Span<T> target)
        where T : unmanaged
    {
        _indexScratch = Scratch(_indexScratch, target.Length);
        Span<int> indices = _indexScratch.AsSpan(0, target.Length);
        _indices.Read(indices);
        ReadOnlySpan<T> dictionary = MemoryMarshal.Cast<byte, T>(_dictionary.AsSpan(0, _dictionaryCount * _width));
        for (int i = 0; i < indices.Length; i++)
        {
            int index = indices[i];
            if ((uint)index >= (uint)dictionary.Length)
            {
                throw new InvalidDataException($"a page refers to dictionary entry {index} of {dictionary.Length}");
            }

            target[i] = dictionary[index];
        }
    }

    /// <summary>Checks the length a SNAPPY stream announces against the page header's, before a buffer of that size is taken.</summary>
    private static void RequireLength(ReadOnlySpan<byte> compressed, int uncompressedSize)
    {
        int announced;
        try
        {
            announced = Snappier.Snappy.GetUncompressedLength(compressed);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"a SNAPPY page has no valid length: {e.Message}", e);
        }

        if (announced != uncompressedSize)
        {
            throw new InvalidDataException($"a SNAPPY page announces {announced} bytes, not the {uncompressedSize} its header gives");
        }
    }

    private static int Decompress(ReadOnlySpan<byte> compressed, Span<byte> target)
    {
        try
        {
            return Snappier.Snappy.Decompress(compressed, target);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"a SNAPPY page does not decompress: {e.Message}", e);
        }
    }

    private static int BitWidth(int maxLevel) => 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)maxLevel);

    private static TElement[] Scratch<TElement>(TElement[]? current, int length)
    {
        if (current is not null && current.Length >= length)
        {
            return current;
        }

        // Rent before returning: if the rent throws, the field still owns its array and Dispose returns it once.
        TElement[] larger = ArrayPool<TElement>.Shared.Rent(length);
        if (current is not null)
        {
            ArrayPool<TElement>.Shared.Return(current);
        }

        return larger;
    }

    private static void Return(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    /// <summary>
    /// Errors that damaged bytes cause in the decoders (a malformed header, run or stream, a size that cannot be
    /// allocated): reported as the file's damage, never as a crash or a type mismatch.
    /// </summary>
    private static bool IsDamage(Exception e) =>
        e is InvalidDataException or OverflowException or IndexOutOfRangeException or ArgumentException or OutOfMemoryException;

    private ConnectorException Damaged(Exception e) =>
        new($"Column '{_column.Name}' of the parquet file '{_column.Path}' cannot be read: {e.Message.TrimEnd('.')}; the file is damaged or written in a way VecFlow does not read.", e);
}
