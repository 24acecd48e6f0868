// Console output. Text is encoded to UTF-8 in a stack buffer and handed to the kernel's console
// (the serial port on metal) in chunks, so writing allocates nothing.
using Internal.Runtime;

namespace System
{
    public static unsafe class Console
    {
        private const int ChunkBytes = 256;

        public static void Write(string? value) => Write((ReadOnlySpan<char>)value);

        public static void Write(ReadOnlySpan<char> value)
        {
            byte* chunk = stackalloc byte[ChunkBytes];
            int used = 0;
            for (int i = 0; i < value.Length; i++)
            {
                if (used > ChunkBytes - 4)
                {
                    Flush(chunk, used);
                    used = 0;
                }
                int codePoint = value[i];
                if (codePoint >= 0xD800 && codePoint <= 0xDBFF && i + 1 < value.Length && value[i + 1] >= 0xDC00 && value[i + 1] <= 0xDFFF)
                {
                    codePoint = 0x10000 + ((codePoint - 0xD800) << 10) + (value[i + 1] - 0xDC00);
                    i++;
                }
                else if (codePoint >= 0xD800 && codePoint <= 0xDFFF)
                {
                    codePoint = 0xFFFD; // a lone surrogate is not encodable
                }
                used += EncodeUtf8(codePoint, chunk + used);
            }
            Flush(chunk, used);
        }

        public static void Write(char value)
        {
            char* one = stackalloc char[1];
            one[0] = value;
            Write(new ReadOnlySpan<char>(one, 1));
        }

        public static void Write(int value) => Write(value.ToString());

        public static void Write(long value) => Write(value.ToString());

        public static void Write(bool value) => Write(value ? "True" : "False");

        public static void Write(object? value) => Write(value?.ToString());

        public static void WriteLine() => Write('\n');

        public static void WriteLine(string? value)
        {
            Write(value);
            Write('\n');
        }

        public static void WriteLine(ReadOnlySpan<char> value)
        {
            Write(value);
            Write('\n');
        }

        public static void WriteLine(char value)
        {
            Write(value);
            Write('\n');
        }

        public static void WriteLine(int value) => WriteLine(value.ToString());

        public static void WriteLine(long value) => WriteLine(value.ToString());

        public static void WriteLine(bool value) => WriteLine(value ? "True" : "False");

        public static void WriteLine(object? value) => WriteLine(value?.ToString());

        private static int EncodeUtf8(int codePoint, byte* destination)
        {
            if (codePoint < 0x80)
            {
                destination[0] = (byte)codePoint;
                return 1;
            }
            if (codePoint < 0x800)
            {
                destination[0] = (byte)(0xC0 | (codePoint >> 6));
                destination[1] = (byte)(0x80 | (codePoint & 0x3F));
                return 2;
            }
            if (codePoint < 0x10000)
            {
                destination[0] = (byte)(0xE0 | (codePoint >> 12));
                destination[1] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                destination[2] = (byte)(0x80 | (codePoint & 0x3F));
                return 3;
            }
            destination[0] = (byte)(0xF0 | (codePoint >> 18));
            destination[1] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
            destination[2] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
            destination[3] = (byte)(0x80 | (codePoint & 0x3F));
            return 4;
        }

        private static void Flush(byte* bytes, int count)
        {
            if (count > 0 && KernelServices.WriteConsole != null)
                KernelServices.WriteConsole(bytes, count);
        }
    }
}
