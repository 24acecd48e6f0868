// The checks behind the _chk functions gcc emits under _FORTIFY_SOURCE (glibc debug/*_chk.c):
// the compiler passes the size of the destination object it can see, and a copy that would not
// fit stops the program with glibc's "*** buffer overflow detected ***: terminated" (through
// Misuse.Stop) before anything is written. Plain C# methods, so that tests can drive them with a
// Misuse hook that throws (an exception cannot cross the [UnmanagedCallersOnly] exports).
using OSv.Libc.Memory;

namespace OSv.Libc.String
{
    public static unsafe class Fortified
    {
        public const string OverflowMessage = "*** buffer overflow detected ***: terminated";

        public static byte* MemoryCopy(byte* d, byte* s, nuint n, nuint size)
        {
            CheckFits(n, size);
            MemoryBlocks.Copy(d, s, n);
            return d;
        }

        public static byte* MemoryMove(byte* d, byte* s, nuint n, nuint size)
        {
            CheckFits(n, size);
            MemoryBlocks.Move(d, s, n);
            return d;
        }

        public static byte* MemorySet(byte* d, int c, nuint n, nuint size)
        {
            CheckFits(n, size);
            MemoryBlocks.Fill(d, (byte)c, n);
            return d;
        }

        public static byte* StringCopy(byte* d, byte* s, nuint size)
        {
            StringCopyReturningEnd(d, s, size);
            return d;
        }

        public static byte* StringCopyReturningEnd(byte* d, byte* s, nuint size)
        {
            CheckFits(CStrings.Length(s) + 1, size);
            return CStrings.CopyReturningEnd(d, s);
        }

        public static byte* StringCopyPadded(byte* d, byte* s, nuint n, nuint size)
        {
            StringCopyPaddedReturningEnd(d, s, n, size);
            return d;
        }

        public static byte* StringCopyPaddedReturningEnd(byte* d, byte* s, nuint n, nuint size)
        {
            CheckFits(n, size);
            return CStrings.CopyPaddedReturningEnd(d, s, n);
        }

        public static byte* StringAppend(byte* d, byte* s, nuint size)
        {
            nuint existing = CStrings.Length(d);
            CheckFits(existing + CStrings.Length(s) + 1, size);
            CStrings.CopyReturningEnd(d + existing, s);
            return d;
        }

        public static byte* StringAppendBounded(byte* d, byte* s, nuint n, nuint size)
        {
            CheckFits(CStrings.Length(d) + CStrings.BoundedLength(s, n) + 1, size);
            return CStrings.AppendBounded(d, s, n);
        }

        private static void CheckFits(nuint bytes, nuint destinationBytes)
        {
            if (bytes > destinationBytes)
                Misuse.Stop(OverflowMessage);
        }
    }
}
