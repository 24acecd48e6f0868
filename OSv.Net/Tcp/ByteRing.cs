// A fixed byte ring: TCP's send and receive buffers. The array is allocated once, with the
// control block, and reused when the block is recycled (Reset).
//
// Invariant: 0 <= _head < Capacity and 0 <= _count <= Capacity; the bytes held are the _count
// bytes starting at _head, wrapping at Capacity. Positions past the held bytes (up to Capacity -
// _count of them) may be written with WriteAt before they are committed: the receive side keeps
// out-of-order data there (its ranges are tracked by the control block), then Commit makes them
// part of the held bytes once the gap before them fills. Reads and writes at an offset take at
// most two copies (before and after the wrap).
using System;

namespace OSv.Net.Tcp
{
    public sealed class ByteRing
    {
        private readonly byte[] _bytes;
        private int _head;
        private int _count;

        public ByteRing(int capacity)
        {
            _bytes = new byte[capacity];
        }

        public int Capacity => _bytes.Length;
        public int Count => _count;
        public int Free => _bytes.Length - _count;

        public void Reset()
        {
            _head = 0;
            _count = 0;
        }

        // The held bytes from the head up to the wrap (the zero-copy read).
        public ReadOnlySpan<byte> HeadSpan() => new ReadOnlySpan<byte>(_bytes, _head, Math.Min(_count, _bytes.Length - _head));

        // Free space from the tail up to the wrap or the head (the zero-copy write).
        public Span<byte> TailSpace()
        {
            int tail = Wrap(_head + _count);
            int length = tail >= _head && _count != _bytes.Length ? _bytes.Length - tail : Free;
            return new Span<byte>(_bytes, tail, Math.Min(length, Free));
        }

        // Appends as much of data as fits; the count appended.
        public int Append(ReadOnlySpan<byte> data)
        {
            int length = Math.Min(data.Length, Free);
            WriteAt(_count, data.Slice(0, length));
            _count += length;
            return length;
        }

        // Writes data at offset bytes past the head without changing Count; the caller keeps
        // offset + data.Length <= Capacity.
        public void WriteAt(int offset, ReadOnlySpan<byte> data)
        {
            int start = Wrap(_head + offset);
            int first = Math.Min(data.Length, _bytes.Length - start);
            data.Slice(0, first).CopyTo(new Span<byte>(_bytes, start, first));
            if (first < data.Length)
                data.Slice(first).CopyTo(new Span<byte>(_bytes, 0, data.Length - first));
        }

        // Copies destination.Length held bytes starting offset bytes past the head.
        public void ReadAt(int offset, Span<byte> destination)
        {
            int start = Wrap(_head + offset);
            int first = Math.Min(destination.Length, _bytes.Length - start);
            new ReadOnlySpan<byte>(_bytes, start, first).CopyTo(destination);
            if (first < destination.Length)
                new ReadOnlySpan<byte>(_bytes, 0, destination.Length - first).CopyTo(destination.Slice(first));
        }

        // Makes bytes written past the tail part of the held bytes.
        public void Commit(int bytes) => _count += bytes;

        // Drops bytes from the head.
        public void Discard(int bytes)
        {
            _head = Wrap(_head + bytes);
            _count -= bytes;
        }

        // Moves an empty ring's head to 0, so the next zero-copy spans are as long as possible.
        // Only when nothing is kept past the tail (the send ring, or a receive ring with no
        // out-of-order data).
        public void RewindIfEmpty()
        {
            if (_count == 0)
                _head = 0;
        }

        private int Wrap(int position) => position >= _bytes.Length ? position - _bytes.Length : position;
    }
}
