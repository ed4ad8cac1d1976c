using VecFlow.Vector.Columns;

namespace VecFlow.Vector.Kernels;

/// <summary>VARCHAR comparison: byte-wise ordinal over UTF-8, which is Unicode code-point order (binary collation).</summary>
internal static class Utf8Comparison
{
    public static void Compare(ColumnVector left, ComparisonOp op, ColumnVector right, Span<ulong> destination) =>
        RowComparisonDriver.Invoke(
            new ColumnPair(left.Offsets, left.StringData, right.Offsets, right.StringData), op, left.Length, destination);

    public static void Compare(ColumnVector left, ComparisonOp op, ReadOnlySpan<byte> right, Span<ulong> destination) =>
        RowComparisonDriver.Invoke(new ColumnAndConstant(left.Offsets, left.StringData, right), op, left.Length, destination);

    private readonly ref struct ColumnPair(
        ReadOnlySpan<int> leftOffsets, ReadOnlySpan<byte> leftData, ReadOnlySpan<int> rightOffsets, ReadOnlySpan<byte> rightData)
        : IRowComparison
    {
        private readonly ReadOnlySpan<int> _leftOffsets = leftOffsets;
        private readonly ReadOnlySpan<byte> _leftData = leftData;
        private readonly ReadOnlySpan<int> _rightOffsets = rightOffsets;
        private readonly ReadOnlySpan<byte> _rightData = rightData;

        public int Compare(int row) => Left(row).SequenceCompareTo(Right(row));

        public bool Equal(int row)
        {
            int leftStart = _leftOffsets[row];
            int leftLength = _leftOffsets[row + 1] - leftStart;
            int rightStart = _rightOffsets[row];
            int rightLength = _rightOffsets[row + 1] - rightStart;
            return leftLength == rightLength
                && _leftData.Slice(leftStart, leftLength).SequenceEqual(_rightData.Slice(rightStart, rightLength));
        }

        private ReadOnlySpan<byte> Left(int row) => _leftData[_leftOffsets[row].._leftOffsets[row + 1]];

        private ReadOnlySpan<byte> Right(int row) => _rightData[_rightOffsets[row].._rightOffsets[row + 1]];
    }

    private readonly ref struct ColumnAndConstant(ReadOnlySpan<int> offsets, ReadOnlySpan<byte> data, ReadOnlySpan<byte> constant)
        : IRowComparison
    {
        private readonly ReadOnlySpan<int> _offsets = offsets;
        private readonly ReadOnlySpan<byte> _data = data;
        private readonly ReadOnlySpan<byte> _constant = constant;

        public int Compare(int row) => _data[_offsets[row].._offsets[row + 1]].SequenceCompareTo(_constant);

        public bool Equal(int row)
        {
            int start = _offsets[row];
            int length = _offsets[row + 1] - start;
            return length == _constant.Length && _data.Slice(start, length).SequenceEqual(_constant);
        }
    }
}
