// NUL-terminated string primitives (C11 7.24, with glibc's extensions): length, search for a
// byte, comparison. C strings have no known length, so the scans read 8-byte words from 8-byte-
// aligned addresses (WordBits.cs explains why that cannot fault past the terminator), after a
// byte-by-byte prologue up to the first aligned address.
//
// Comparisons return the difference of the first differing bytes taken as unsigned char, which
// is what glibc's x86-64 implementations return (callers may only rely on the sign).
using System.Runtime.CompilerServices;

namespace OSv.Libc.String
{
    public static unsafe class CStrings
    {
        private const int WordBytes = 8;

        /// <summary>strlen.</summary>
        public static nuint Length(byte* text)
        {
            byte* cursor = text;
            for (; ((nuint)cursor & (WordBytes - 1)) != 0; cursor++)
            {
                if (*cursor == 0)
                    return (nuint)(cursor - text);
            }
            while (true)
            {
                ulong zeros = WordBits.ZeroByteMask(*(ulong*)cursor);
                if (zeros != 0)
                    return (nuint)(cursor - text) + (nuint)WordBits.FirstByteIndex(zeros);
                cursor += WordBytes;
            }
        }

        /// <summary>strnlen: never reads beyond <paramref name="limit"/> bytes.</summary>
        public static nuint BoundedLength(byte* text, nuint limit)
        {
            byte* end = MemoryBlocks.IndexOf(text, 0, limit);
            return end == null ? limit : (nuint)(end - text);
        }

        /// <summary>strchrnul: the first <paramref name="value"/> or the terminator.</summary>
        public static byte* IndexOfOrEnd(byte* text, byte value)
        {
            byte* cursor = text;
            for (; ((nuint)cursor & (WordBytes - 1)) != 0; cursor++)
            {
                if (*cursor == value || *cursor == 0)
                    return cursor;
            }
            ulong pattern = WordBits.Broadcast(value);
            while (true)
            {
                ulong word = *(ulong*)cursor;
                ulong hits = WordBits.ZeroByteMask(word) | WordBits.ZeroByteMask(word ^ pattern);
                if (hits != 0)
                    return cursor + WordBits.FirstByteIndex(hits);
                cursor += WordBytes;
            }
        }

        /// <summary>strchr: the first <paramref name="value"/> (the terminator itself for 0), or null.</summary>
        public static byte* IndexOf(byte* text, byte value)
        {
            byte* found = IndexOfOrEnd(text, value);
            return *found == value ? found : null;
        }

        /// <summary>strrchr: the last <paramref name="value"/> (the terminator for 0), or null.</summary>
        public static byte* LastIndexOf(byte* text, byte value)
        {
            if (value == 0)
                return text + Length(text);
            byte* last = null;
            byte* cursor = text;
            while (true)
            {
                cursor = IndexOfOrEnd(cursor, value);
                if (*cursor == 0)
                    return last;
                last = cursor;
                cursor++;
            }
        }

        /// <summary>strcmp.</summary>
        public static int Compare(byte* left, byte* right)
        {
            while (true)
            {
                byte a = *left, b = *right;
                if (a != b)
                    return a - b;
                if (a == 0)
                    return 0;
                left++;
                right++;
            }
        }

        /// <summary>strncmp: at most <paramref name="limit"/> bytes.</summary>
        public static int CompareBounded(byte* left, byte* right, nuint limit)
        {
            for (nuint i = 0; i < limit; i++)
            {
                byte a = left[i], b = right[i];
                if (a != b)
                    return a - b;
                if (a == 0)
                    return 0;
            }
            return 0;
        }

        /// <summary>strcasecmp in the C locale (ASCII letters fold; other bytes compare as they are).</summary>
        public static int CompareIgnoringCase(byte* left, byte* right) => CompareIgnoringCaseBounded(left, right, nuint.MaxValue);

        /// <summary>strncasecmp in the C locale.</summary>
        public static int CompareIgnoringCaseBounded(byte* left, byte* right, nuint limit)
        {
            for (nuint i = 0; i < limit; i++)
            {
                int a = ToLower(left[i]), b = ToLower(right[i]);
                if (a != b)
                    return a - b;
                if (a == 0)
                    return 0;
            }
            return 0;
        }

        /// <summary>ASCII tolower of a byte (the C locale).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int ToLower(byte value) => (uint)(value - 'A') <= 'Z' - 'A' ? value + ('a' - 'A') : value;

        /// <summary>stpcpy: copies with the terminator; returns the destination's terminator.</summary>
        public static byte* CopyReturningEnd(byte* destination, byte* source)
        {
            nuint length = Length(source);
            MemoryBlocks.Copy(destination, source, length + 1);
            return destination + length;
        }

        /// <summary>stpncpy: copies at most <paramref name="limit"/> bytes, pads with NULs up to
        /// <paramref name="limit"/>; returns the first padding byte, or destination + limit.</summary>
        public static byte* CopyPaddedReturningEnd(byte* destination, byte* source, nuint limit)
        {
            nuint length = BoundedLength(source, limit);
            MemoryBlocks.Copy(destination, source, length);
            MemoryBlocks.Fill(destination + length, 0, limit - length);
            return destination + length;
        }

        /// <summary>strncat: appends at most <paramref name="limit"/> bytes and a terminator.</summary>
        public static byte* AppendBounded(byte* destination, byte* source, nuint limit)
        {
            byte* end = destination + Length(destination);
            nuint length = BoundedLength(source, limit);
            MemoryBlocks.Copy(end, source, length);
            end[length] = 0;
            return destination;
        }

        /// <summary>strdup/strndup's allocation: a heap copy of at most <paramref name="limit"/>
        /// bytes plus a terminator, or null (ENOMEM).</summary>
        public static byte* Duplicate(byte* source, nuint limit)
        {
            nuint length = BoundedLength(source, limit);
            byte* copy = OSv.Libc.Memory.Heap.Allocate(length + 1);
            if (copy == null)
                return null;
            MemoryBlocks.Copy(copy, source, length);
            copy[length] = 0;
            return copy;
        }
    }
}
