// A program's arguments and environment as C sees them: UTF-8, NUL-terminated. Used when a
// program starts - never on a C library call's path (C strings there: OSv.Libc.String.CStrings).
namespace OSv.Libc.Process
{
    public static class ProgramStrings
    {
        /// <summary>UTF-8 of <paramref name="text"/> without a terminator (unpaired surrogates
        /// become '?').</summary>
        public static byte[] ToUtf8(string text)
        {
            byte[] bytes = new byte[Utf8Length(text)];
            Encode(text, bytes, 0);
            return bytes;
        }

        /// <summary>The strings one after another, each followed by a NUL.</summary>
        public static byte[] Block(string[] strings)
        {
            int total = 0;
            for (int i = 0; i < strings.Length; i++)
                total += Utf8Length(strings[i]) + 1;
            byte[] block = new byte[total];
            int at = 0;
            for (int i = 0; i < strings.Length; i++)
            {
                at = Encode(strings[i], block, at);
                block[at++] = 0;
            }
            return block;
        }

        public static string BaseName(string path)
        {
            int slash = -1;
            for (int i = 0; i < path.Length; i++)
            {
                if (path[i] == '/')
                    slash = i;
            }
            return slash < 0 ? path : path.Substring(slash + 1);
        }

        private static bool IsHigh(int c) => c >= 0xD800 && c <= 0xDBFF;

        private static bool IsLow(int c) => c >= 0xDC00 && c <= 0xDFFF;

        private static int Utf8Length(string text)
        {
            int length = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < 0x80)
                    length += 1;
                else if (c < 0x800)
                    length += 2;
                else if (IsHigh(c) && i + 1 < text.Length && IsLow(text[i + 1]))
                {
                    length += 4;
                    i++;
                }
                else
                    length += (c >= 0xD800 && c <= 0xDFFF) ? 1 : 3;
            }
            return length;
        }

        private static int Encode(string text, byte[] bytes, int at)
        {
            for (int i = 0; i < text.Length; i++)
            {
                int c = text[i];
                if (c < 0x80)
                {
                    bytes[at++] = (byte)c;
                    continue;
                }
                if (c < 0x800)
                {
                    bytes[at++] = (byte)(0xC0 | (c >> 6));
                    bytes[at++] = (byte)(0x80 | (c & 0x3F));
                    continue;
                }
                if (IsHigh(c) && i + 1 < text.Length && IsLow(text[i + 1]))
                {
                    int scalar = 0x10000 + ((c - 0xD800) << 10) + (text[++i] - 0xDC00);
                    bytes[at++] = (byte)(0xF0 | (scalar >> 18));
                    bytes[at++] = (byte)(0x80 | ((scalar >> 12) & 0x3F));
                    bytes[at++] = (byte)(0x80 | ((scalar >> 6) & 0x3F));
                    bytes[at++] = (byte)(0x80 | (scalar & 0x3F));
                    continue;
                }
                if ((c >= 0xD800 && c <= 0xDFFF))
                {
                    bytes[at++] = (byte)'?';
                    continue;
                }
                bytes[at++] = (byte)(0xE0 | (c >> 12));
                bytes[at++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                bytes[at++] = (byte)(0x80 | (c & 0x3F));
            }
            return at;
        }
    }
}
