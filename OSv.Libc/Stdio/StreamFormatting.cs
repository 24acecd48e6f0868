// The adapters between the printf/scanf engines (OSv.Libc.Format, which are generic over a sink
// or source struct so each call is specialised and allocates nothing) and our streams:
// StreamSink writes through a locked stream's buffer, ChunkedSink gathers output in the caller's
// stack buffer and hands it to a descriptor (dprintf) or an unbuffered stream in chunks, and
// StreamSource reads a stream byte by byte with one byte of push-back (scanf's look-ahead).
namespace OSv.Libc.Stdio
{
    using System;
    using OSv.Libc.Files;
    using OSv.Libc.Format;

    public unsafe struct StreamSink : IFormatSink
    {
        public StdioStream Stream;
        public bool Failed;

        public StreamSink(StdioStream stream)
        {
            Stream = stream;
            Failed = false;
        }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            if (bytes.IsEmpty || Failed)
                return;
            fixed (byte* start = bytes)
            {
                if (Stream.Write(start, bytes.Length) != bytes.Length)
                    Failed = true;
            }
        }
    }

    /// <summary>Where a <see cref="ChunkedSink{TTarget}"/> delivers each full chunk.</summary>
    public unsafe interface IChunkTarget
    {
        /// <summary>Writes all <paramref name="count"/> bytes; false on failure.</summary>
        bool WriteAll(byte* bytes, int count);
    }

    /// <summary>Gathers formatted output in the caller's stack buffer and hands it on in
    /// <see cref="ChunkBytes"/> pieces, so a short message is one write.</summary>
    public unsafe struct ChunkedSink<TTarget> : IFormatSink where TTarget : struct, IChunkTarget
    {
        public const int ChunkBytes = 1024;

        private TTarget _target;
        private readonly byte* _buffer;
        private int _used;
        public bool Failed;

        /// <param name="buffer">ChunkBytes of the caller's stack.</param>
        public ChunkedSink(TTarget target, byte* buffer)
        {
            _target = target;
            _buffer = buffer;
            _used = 0;
            Failed = false;
        }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                if (_used == ChunkBytes)
                    Flush();
                _buffer[_used++] = bytes[i];
            }
        }

        public void Flush()
        {
            if (_used > 0 && !Failed && !_target.WriteAll(_buffer, _used))
                Failed = true;
            _used = 0;
        }
    }

    /// <summary>A file descriptor (dprintf), retrying short writes.</summary>
    public unsafe struct DescriptorTarget : IChunkTarget
    {
        private readonly int _descriptor;

        public DescriptorTarget(int descriptor) => _descriptor = descriptor;

        public bool WriteAll(byte* bytes, int count)
        {
            int written = 0;
            while (written < count)
            {
                long result = FileDescriptorTable.Write(_descriptor, bytes + written, (nuint)(count - written));
                if (result <= 0)
                    return false;
                written += (int)result;
            }
            return true;
        }
    }

    /// <summary>An unbuffered stream (stderr): one fprintf is one write, as glibc's helper buffer
    /// makes it, so a message is not split between other writers.</summary>
    public unsafe struct StreamTarget : IChunkTarget
    {
        private readonly StdioStream _stream;

        public StreamTarget(StdioStream stream) => _stream = stream;

        public bool WriteAll(byte* bytes, int count) => _stream.Write(bytes, count) == count;
    }

    public struct StreamSource : IScanSource
    {
        public StdioStream Stream;

        public StreamSource(StdioStream stream)
        {
            Stream = stream;
        }

        public int Read() => Stream.GetByte();

        public void Unread(int c) => Stream.Unget(c);
    }
}
