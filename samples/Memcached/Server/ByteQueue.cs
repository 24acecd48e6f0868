// A connection's byte buffer: data lives in [Start, End) of one array, appended at End and
// consumed from Start. Used twice per connection, for received request bytes and for reply
// bytes waiting to be sent.
//
// It compacts (moves the live bytes to the front) before it grows, and grows by doubling up to
// the capacity the caller allows. It never shrinks while a connection uses it: a client that
// sends or fetches large values again and again keeps its working size, so requests stop
// allocating once the buffer has grown (hot paths do not allocate). When the connection ends,
// ReleaseGrowth drops a grown array back to the initial size (memcached's conn_shrink): the
// collector frees the grown one, so a pooled slot holds only the initial bytes between
// connections, and the grown buffers alive at any time are those of connections still open.
using System;

namespace Memcached.Server
{
    public sealed class ByteQueue
    {
        private readonly int initialBytes;
        private byte[] buffer;

        public int Start { get; private set; }
        public int End { get; private set; }

        public ByteQueue(int initialBytes)
        {
            this.initialBytes = initialBytes;
            buffer = new byte[initialBytes];
        }

        public int Count => End - Start;
        public int Capacity => buffer.Length;

        public ReadOnlySpan<byte> Data => new ReadOnlySpan<byte>(buffer, Start, End - Start);

        public void Clear()
        {
            Start = 0;
            End = 0;
        }

        // Empties the queue and gives a grown array back (to the collector) for one of the
        // initial size; allocates only when the queue had grown.
        public void ReleaseGrowth()
        {
            Clear();
            if (buffer.Length > initialBytes)
                buffer = new byte[initialBytes];
        }

        public void Consume(int count)
        {
            Start += count;
            if (Start == End)
                Clear();
        }

        // At least `bytes` writable bytes at End, if the queue may hold Count + bytes within
        // capacityMax; an empty span otherwise.
        public Span<byte> Reserve(int bytes, int capacityMax)
        {
            if (buffer.Length - End >= bytes)
                return new Span<byte>(buffer, End, buffer.Length - End);
            int live = End - Start;
            if ((long)live + bytes > capacityMax)
                return default;
            if (buffer.Length - live < bytes)
            {
                int size = buffer.Length;
                while (size - live < bytes)
                    size = size > capacityMax / 2 ? capacityMax : size * 2;
                byte[] grown = new byte[size];
                new ReadOnlySpan<byte>(buffer, Start, live).CopyTo(grown);
                buffer = grown;
            }
            else
            {
                new ReadOnlySpan<byte>(buffer, Start, live).CopyTo(new Span<byte>(buffer, 0, live));
            }
            Start = 0;
            End = live;
            return new Span<byte>(buffer, End, buffer.Length - End);
        }

        public void Commit(int count) => End += count;

        // Appends bytes that must fit (the caller reserved them).
        public void Append(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(new Span<byte>(buffer, End, buffer.Length - End));
            End += bytes.Length;
        }
    }
}
