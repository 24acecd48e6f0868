// (Namespace OSv.Libc.Environ, not ...Environment, which would hide System.Environment inside OSv.Libc.)
// Storage for the "NAME=value" strings setenv builds. They are never freed, by design: C code
// may still hold a pointer getenv returned before the variable changed, and glibc keeps such
// strings alive for the same reason. A program that sets variables in a loop grows this arena;
// that is glibc's behaviour too. Strings are carved from 64 KiB chunks of the C library's page
// source under the environment's lock (the caller holds it); one longer than a chunk gets pages
// of its own.
namespace OSv.Libc.Environ
{
    public static unsafe class EnvironmentStrings
    {
        public const int ChunkBytes = 64 * 1024;
        public const long StringBytesMax = 1L << 30; // one variable; longer is ENOMEM

        private static byte* s_next;
        private static nuint s_left;

        /// <summary>A new "name=value\0", or null when memory is exhausted. The caller holds
        /// EnvironmentTable's lock.</summary>
        public static byte* Join(byte* name, int nameLength, byte* value, long valueLength)
        {
            long total = nameLength + 1 + valueLength + 1;
            if (total > StringBytesMax)
                return null;
            byte* text = Allocate((nuint)total);
            if (text == null)
                return null;
            for (int i = 0; i < nameLength; i++)
                text[i] = name[i];
            text[nameLength] = (byte)'=';
            for (long i = 0; i < valueLength; i++)
                text[nameLength + 1 + i] = value[i];
            text[total - 1] = 0;
            return text;
        }

        private static byte* Allocate(nuint bytes)
        {
            if (bytes > ChunkBytes / 4)
                return OSv.Libc.Memory.PageSource.Allocate(bytes);
            if (s_left < bytes)
            {
                byte* chunk = OSv.Libc.Memory.PageSource.Allocate(ChunkBytes);
                if (chunk == null)
                    return null;
                s_next = chunk;
                s_left = ChunkBytes;
            }
            byte* text = s_next;
            s_next += bytes;
            s_left -= bytes;
            return text;
        }
    }
}
