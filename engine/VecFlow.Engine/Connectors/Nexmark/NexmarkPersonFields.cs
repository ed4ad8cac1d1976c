using VecFlow.Vector.Columns;

namespace VecFlow.Engine.Connectors.Nexmark;

/// <summary>How each field of a person event is generated (one struct per field, see <see cref="INexmarkLongField"/>).</summary>
internal static class NexmarkPersonFields
{
    /// <summary>Average bytes of a person record; <c>extra</c> pads to it.</summary>
    public const int AverageBytes = 200;

    private const int EmailBytes = 17;
    private const int CardBytes = 19;

    /// <summary>1000 + the number of persons before this one: dense in event order.</summary>
    public readonly struct Id : INexmarkLongField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Person;

        public long Value(NexmarkEventBlock block, int row) =>
            NexmarkEventModel.FirstPersonId + (block.Epoch(row) * block.Model.PersonProportion) + block.Offset(row);
    }

    /// <summary>The event time.</summary>
    public readonly struct EventTime : INexmarkLongField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Person;

        public long Value(NexmarkEventBlock block, int row) => block.TimesMillis[row];
    }

    /// <summary>"First Last" from fixed name lists.</summary>
    public readonly struct Name(NexmarkRandom random) : INexmarkTextField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Person;

        public int BytesPerValue => 14;

        public void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row) =>
            builder.Append(NexmarkVocabulary.PersonNames[NameIndex(random, block.EventNumber(row))]);
    }

    /// <summary>"xxxxxxx@yyyyy.com" of random letters.</summary>
    public readonly struct EmailAddress(NexmarkRandom random) : INexmarkTextField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Person;

        public int BytesPerValue => EmailBytes;

        public void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row)
        {
            Span<byte> target = builder.Reserve(EmailBytes)[..EmailBytes];
            var letters = new NexmarkRandom.Sequence(random.Draw(NexmarkDraw.PersonEmail, block.EventNumber(row)));
            NexmarkVocabulary.WriteLetters(target[..13], ref letters);
            target[7] = (byte)'@';
            ".com"u8.CopyTo(target[13..]);
            builder.Commit(EmailBytes);
        }
    }

    /// <summary>"dddd dddd dddd dddd".</summary>
    public readonly struct CreditCard(NexmarkRandom random) : INexmarkTextField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Person;

        public int BytesPerValue => CardBytes;

        public void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row)
        {
            Span<byte> target = builder.Reserve(CardBytes)[..CardBytes];
            long digits = NexmarkRandom.Below(random.Draw(NexmarkDraw.PersonCard, block.EventNumber(row)), 10_000_000_000_000_000);
            for (int i = CardBytes - 1; i >= 0; i--)
            {
                if (i % 5 == 4)
                {
                    target[i] = (byte)' ';
                    continue;
                }

                target[i] = (byte)('0' + (digits % 10));
                digits /= 10;
            }

            builder.Commit(CardBytes);
        }
    }

    /// <summary>One of ten western US cities.</summary>
    public readonly struct City(NexmarkRandom random) : INexmarkTextField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Person;

        public int BytesPerValue => 13;

        public void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row) =>
            builder.Append(NexmarkVocabulary.Cities[CityIndex(random, block.EventNumber(row))]);
    }

    /// <summary>One of six western US states.</summary>
    public readonly struct State(NexmarkRandom random) : INexmarkTextField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Person;

        public int BytesPerValue => 2;

        public void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row) =>
            builder.Append(NexmarkVocabulary.States[StateIndex(random, block.EventNumber(row))]);
    }

    /// <summary>Random words padding the record (id, name, email, card, city, state, dateTime) to about 200 bytes.</summary>
    public readonly struct Extra(NexmarkRandom random) : INexmarkTextField
    {
        public NexmarkEventKind Kind => NexmarkEventKind.Person;

        public int BytesPerValue => 160;

        public void Append(StringColumnBuilder builder, NexmarkEventBlock block, int row)
        {
            long n = block.EventNumber(row);
            int current = 8 + NexmarkVocabulary.PersonNames.LengthOf(NameIndex(random, n)) + EmailBytes + CardBytes
                + NexmarkVocabulary.Cities.LengthOf(CityIndex(random, n)) + NexmarkVocabulary.States.LengthOf(StateIndex(random, n)) + 8;
            ulong bits = random.Draw(NexmarkDraw.PersonExtra, n);
            NexmarkValues.AppendWords(builder, NexmarkValues.ExtraLength(current, AverageBytes, bits), bits);
        }
    }

    private static long NameIndex(NexmarkRandom random, long n) =>
        NexmarkRandom.Below(random.Draw(NexmarkDraw.PersonName, n), NexmarkVocabulary.PersonNames.Count);

    private static long CityIndex(NexmarkRandom random, long n) =>
        NexmarkRandom.Below(random.Draw(NexmarkDraw.PersonCity, n), NexmarkVocabulary.Cities.Count);

    private static long StateIndex(NexmarkRandom random, long n) =>
        NexmarkRandom.Below(random.Draw(NexmarkDraw.PersonState, n), NexmarkVocabulary.States.Count);
}
