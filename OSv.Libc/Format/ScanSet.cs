// scanf's %[...] set (C11 7.21.6.2p12): the bytes listed, or with a leading '^' every byte not
// listed; a ']' right after '[' or "[^" is a member, and "a-z" is a range when its end is not
// below its start (glibc's rule; otherwise '-' is itself a member). Held as a 256-bit map.
namespace OSv.Libc.Format
{
    internal unsafe struct ScanSet
    {
        private fixed uint _members[8];

        /// <summary>Parses the set starting after '['; returns the bytes consumed including the
        /// closing ']', or -1 when the format ends first.</summary>
        public int Parse(byte* text)
        {
            byte* p = text;
            bool negated = *p == '^';
            if (negated)
                p++;
            if (*p == ']')
            {
                Add(']');
                p++;
            }
            while (*p != ']')
            {
                if (*p == 0)
                    return -1;
                if (p[1] == '-' && p[2] != ']' && p[2] != 0 && p[2] >= p[0])
                {
                    for (int c = p[0]; c <= p[2]; c++)
                        Add(c);
                    p += 3;
                    continue;
                }
                Add(*p++);
            }
            if (negated)
            {
                for (int i = 0; i < 8; i++)
                    _members[i] = ~_members[i];
            }
            return (int)(p + 1 - text);
        }

        public bool Contains(int c) => c >= 0 && (_members[c >> 5] & (1u << (c & 31))) != 0;

        private void Add(int c) => _members[c >> 5] |= 1u << (c & 31);
    }
}
