// The engine's view of a sink: it counts bytes produced and writes runs of padding in chunks, so
// a width or precision of any size costs no memory.
namespace OSv.Libc.Format
{
    internal struct FormatWriter<TSink> where TSink : struct, IFormatSink
    {
        private const int PaddingChunkBytes = 64;

        public TSink Sink;
        public long Count;

        public FormatWriter(TSink sink)
        {
            Sink = sink;
            Count = 0;
        }

        public void Write(System.ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length == 0)
                return;
            Sink.Write(bytes);
            Count += bytes.Length;
        }

        public void WriteByte(byte value)
        {
            System.Span<byte> one = stackalloc byte[1];
            one[0] = value;
            Write(one);
        }

        public void WriteRepeated(byte value, long count)
        {
            if (count <= 0)
                return;
            System.Span<byte> chunk = stackalloc byte[PaddingChunkBytes];
            chunk.Fill(value);
            while (count > 0)
            {
                int now = count < PaddingChunkBytes ? (int)count : PaddingChunkBytes;
                Write(chunk.Slice(0, now));
                count -= now;
            }
        }
    }
}
