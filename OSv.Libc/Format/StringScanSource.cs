// sscanf's source: a NUL-terminated string; the NUL is the end of input.
namespace OSv.Libc.Format
{
    public unsafe struct StringScanSource : IScanSource
    {
        private byte* _next;

        public StringScanSource(byte* text) => _next = text;

        public int Read() => *_next == 0 ? -1 : *_next++;

        public void Unread(int c)
        {
            if (c >= 0)
                _next--;
        }
    }
}
