// snprintf's sink: keeps the first size - 1 bytes in the caller's buffer and drops the rest
// (C11 7.21.6.5); Terminate writes the NUL after what was kept when size > 0.
namespace OSv.Libc.Format
{
    public unsafe struct BufferSink : IFormatSink
    {
        private readonly byte* _buffer;
        private readonly nuint _capacity; // bytes available before the NUL
        private readonly bool _terminated; // size > 0: a NUL follows what is kept
        private nuint _used;

        public BufferSink(byte* buffer, nuint size)
        {
            _buffer = buffer;
            _capacity = size == 0 ? 0 : size - 1;
            _terminated = size != 0 && buffer != null;
            _used = 0;
        }

        public nuint Used => _used;

        public void Write(System.ReadOnlySpan<byte> bytes)
        {
            nuint room = _capacity - _used;
            nuint now = (nuint)bytes.Length < room ? (nuint)bytes.Length : room;
            for (nuint i = 0; i < now; i++)
                _buffer[_used + i] = bytes[(int)i];
            _used += now;
        }

        public void Terminate()
        {
            if (_terminated)
                _buffer[_used] = 0;
        }
    }
}
