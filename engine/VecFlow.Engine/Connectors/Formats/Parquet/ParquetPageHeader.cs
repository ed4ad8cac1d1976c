namespace VecFlow.Engine.Connectors.Formats.Parquet;

/// <summary>The kinds of page in a column chunk (Parquet's PageType).</summary>
internal enum ParquetPageType
{
    DataPage = 0,
    IndexPage = 1,
    DictionaryPage = 2,
    DataPageV2 = 3,
}

/// <summary>
/// The fields of a Parquet page header that reading a flat column needs, parsed from its Thrift compact encoding (the
/// format's PageHeader, DataPageHeader, DictionaryPageHeader and DataPageHeaderV2 structs; statistics are skipped).
/// </summary>
/// <remarks>For a data page, <see cref="Values"/> counts definition levels, NULLs included: one per row of a flat column.</remarks>
internal readonly record struct ParquetPageHeader(
    ParquetPageType Type,
    int UncompressedSize,
    int CompressedSize,
    int Values,
    int Encoding,
    int DefinitionLevelEncoding,
    int DefinitionLevelsLength,
    int RepetitionLevelsLength,
    bool Compressed)
{
    private const int Stop = 0;
    private const int BooleanTrue = 1;
    private const int BooleanFalse = 2;
    private const int Byte = 3;
    private const int I16 = 4;
    private const int I32 = 5;
    private const int I64 = 6;
    private const int Double = 7;
    private const int Binary = 8;
    private const int List = 9;
    private const int Set = 10;
    private const int Map = 11;
    private const int Struct = 12;

    // Structs and lists nest at most this deep in a header we skip through (Thrift readers' usual limit).
    private const int MaxDepth = 64;

    /// <summary>The header at <paramref name="position"/> of <paramref name="data"/>; <paramref name="position"/> moves past it.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a complete page header.</exception>
    public static ParquetPageHeader Read(ReadOnlySpan<byte> data, ref int position)
    {
        var reader = new Reader(data, position);
        int type = -1, uncompressed = -1, compressed = -1, values = -1, encoding = 0, levelEncoding = 3, definitionLength = 0, repetitionLength = 0;
        bool isCompressed = true;
        int last = 0;
        while (reader.NextField(ref last, out int id, out int kind))
        {
            switch (id, kind)
            {
                case (1, I32): type = reader.Int32(); break;
                case (2, I32): uncompressed = reader.Int32(); break;
                case (3, I32): compressed = reader.Int32(); break;
                case (5, Struct) or (7, Struct):
                    {
                        // DataPageHeader and DictionaryPageHeader: 1 num_values, 2 encoding, 3 definition level encoding.
                        int inner = 0;
                        while (reader.NextField(ref inner, out int field, out int fieldKind))
                        {
                            switch (field, fieldKind)
                            {
                                case (1, I32): values = reader.Int32(); break;
                                case (2, I32): encoding = reader.Int32(); break;
                                case (3, I32) when id == 5: levelEncoding = reader.Int32(); break;
                                default: reader.Skip(fieldKind); break;
                            }
                        }

                        break;
                    }

                case (8, Struct):
                    {
                        // DataPageHeaderV2: 1 num_values, 4 encoding, 5 and 6 level byte lengths, 7 is_compressed.
                        int inner = 0;
                        while (reader.NextField(ref inner, out int field, out int fieldKind))
                        {
                            switch (field, fieldKind)
                            {
                                case (1, I32): values = reader.Int32(); break;
                                case (4, I32): encoding = reader.Int32(); break;
                                case (5, I32): definitionLength = reader.Int32(); break;
                                case (6, I32): repetitionLength = reader.Int32(); break;
                                case (7, BooleanTrue): isCompressed = true; break;
                                case (7, BooleanFalse): isCompressed = false; break;
                                default: reader.Skip(fieldKind); break;
                            }
                        }

                        break;
                    }

                default:
                    reader.Skip(kind);
                    break;
            }
        }

        if (type < 0 || uncompressed < 0 || compressed < 0)
        {
            throw new InvalidDataException("a page header lacks its type or sizes");
        }

        position = reader.Position;
        return new ParquetPageHeader((ParquetPageType)type, uncompressed, compressed, values, encoding, levelEncoding, definitionLength, repetitionLength, isCompressed);
    }

    /// <summary>A cursor over Thrift compact protocol bytes.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data, int position)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public int Position { get; private set; } = position;

        /// <summary>
        /// The next field of the struct being read (<paramref name="last"/> is the id of the one before); false at the
        /// struct's stop byte. The caller reads the field's value or <see cref="Skip"/>s it.
        /// </summary>
        public bool NextField(ref int last, out int id, out int kind)
        {
            byte head = Next();
            if (head == Stop)
            {
                id = 0;
                kind = Stop;
                return false;
            }

            kind = head & 0x0F;
            int delta = head >> 4;
            id = delta == 0 ? ZigZag((uint)Varint()) : last + delta;
            last = id;
            return true;
        }

        public int Int32() => ZigZag((uint)Varint());

        public void Skip(int kind, int depth = 0)
        {
            if (depth > MaxDepth)
            {
                throw new InvalidDataException($"a page header nests deeper than {MaxDepth} levels");
            }

            switch (kind)
            {
                case BooleanTrue or BooleanFalse:
                    return;
                case Byte:
                    Next();
                    return;
                case I16 or I32 or I64:
                    Varint();
                    return;
                case Double:
                    if (_data.Length - Position < sizeof(double))
                    {
                        throw new InvalidDataException("a page header runs past the end of its column chunk");
                    }

                    Position += sizeof(double);
                    return;
                case Binary:
                    {
                        // The length first: Position += Varint() would add to the position from before the length was read.
                        ulong length = Varint();
                        if (length > (ulong)(_data.Length - Position))
                        {
                            throw new InvalidDataException("a page header's binary field runs past the end of its column chunk");
                        }

                        Position += (int)length;
                        return;
                    }
                case List or Set:
                    {
                        byte head = Next();
                        long count = head >> 4 == 15 ? (long)Math.Min(Varint(), long.MaxValue) : head >> 4;
                        int element = head & 0x0F;
                        for (long i = 0; i < count; i++)
                        {
                            // In a list, a boolean element is one byte.
                            Skip(element is BooleanTrue or BooleanFalse ? Byte : element, depth + 1);
                        }

                        return;
                    }

                case Map:
                    {
                        ulong count = Varint();
                        if (count > 0)
                        {
                            byte types = Next();
                            for (ulong i = 0; i < count; i++)
                            {
                                Skip(types >> 4, depth + 1);
                                Skip(types & 0x0F, depth + 1);
                            }
                        }

                        return;
                    }

                case Struct:
                    {
                        int last = 0;
                        while (NextField(ref last, out _, out int field))
                        {
                            Skip(field, depth + 1);
                        }

                        return;
                    }
                default:
                    throw new InvalidDataException($"a page header holds an unknown Thrift type {kind}");
            }
        }

        private ulong Varint()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = Next();
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new InvalidDataException("a page header holds a malformed integer");
        }

        private byte Next() =>
            Position < _data.Length ? _data[Position++] : throw new InvalidDataException("a page header runs past the end of its column chunk");

        private static int ZigZag(uint value) => (int)(value >> 1) ^ -(int)(value & 1);
    }
}
