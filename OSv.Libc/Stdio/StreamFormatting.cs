// The adapters between the printf/scanf engines (OSv.Libc.Format, which are generic over a sink
// or source struct so each call is specialised and allocates nothing) and our streams:
// StreamSink writes through a locked stream's buffer, DescriptorSink gathers output in the
// caller's stack buffer and writes it to a descriptor in DescriptorChunkBytes pieces (dprintf),
// ChunkedStreamSink does the same for an unbuffered stream, so one fprintf(stderr, ...) is one
// write, as glibc's helper buffer makes it (a message is not split between other writers),
// and StreamSource reads a stream byte by byte with one byte of push-back (scanf's look-ahead).
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

    public unsafe struct DescriptorSink : IFormatSink
    {
        public const int DescriptorChunkBytes = 512;

        private readonly int _descriptor;
        private readonly byte* _buffer;
        private int _used;
        public bool Failed;

        /// <param name="buffer">DescriptorChunkBytes of the caller's stack.</param>
        public DescriptorSink(int descriptor, byte* buffer)
        {
            _descriptor = descriptor;
            _buffer = buffer;
            _used = 0;
            Failed = false;
        }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                if (_used == DescriptorChunkBytes)
                    Flush();
                _buffer[_used++] = bytes[i];
            }
        }

        public void Flush()
        {
            int written = 0;
            while (written < _used && !Failed)
            {
                long result = FileDescriptorTable.Write(_descriptor, _buffer + written, (nuint)(_used - written));
                if (result <= 0)
                    Failed = true;
                else
                    written += (int)result;
            }
            _used = 0;
        }
    }

    public unsafe struct ChunkedStreamSink : IFormatSink
    {
        public const int ChunkBytes = 1024;

        private readonly StdioStream _stream;
        private readonly byte* _buffer;
        private int _used;
        public bool Failed;

        /// <param name="buffer">ChunkBytes of the caller's stack.</param>
        public ChunkedStreamSink(StdioStream stream, byte* buffer)
        {
            _stream = stream;
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
            if (_used > 0 && !Failed && _stream.Write(_buffer, _used) != _used)
                Failed = true;
            _used = 0;
        }
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
