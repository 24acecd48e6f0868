// memmove, memset, memcmp, memchr and memrchr on raw memory: the routines every other part of the
// C library (and every loaded program) copies and compares with.
//
// Move and Fill are CoreLib's NativeMemory.Copy and NativeMemory.Fill (Buffer.Memmove and
// SpanHelpers.Fill: vector blocks, overlapping ends, the runtime's memmove/memset for very large
// ranges). Buffer.Memmove is a memmove, so Copy is Move: memcpy never needs to be faster than
// memmove badly enough to risk the programs that (wrongly) memcpy overlapping ranges, a bug
// glibc's own memcpy tolerates on x86.
//
// The three searches stay word loops (the "SWAR" technique of WordBits.cs) for C's contracts:
// - IndexOf reads aligned 8-byte words only, never across a page: rawmemchr and strnlen pass a
//   length far beyond the object and rely on memchr stopping at the first match (C11 7.24.5.1).
//   CoreLib's span IndexOf reads whole unaligned vectors up to the given length, which could
//   touch an unmapped page past a match.
// - Compare and LastIndexOf read whole words only inside [start, start + length), and take
//   size_t lengths where CoreLib's spans hold at most int.MaxValue elements.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OSv.Libc.String
{
    public static unsafe class MemoryBlocks
    {
        /// <summary>memcpy: copies <paramref name="length"/> bytes; overlap is allowed.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Copy(byte* destination, byte* source, nuint length) => Move(destination, source, length);

        /// <summary>memmove: copies <paramref name="length"/> bytes as if through a temporary.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Move(byte* destination, byte* source, nuint length) => NativeMemory.Copy(source, destination, length);

        /// <summary>memset: <paramref name="length"/> bytes of <paramref name="value"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Fill(byte* destination, byte value, nuint length) => NativeMemory.Fill(destination, length, value);

        /// <summary>memcmp: the difference of the first differing bytes (as unsigned char), or 0.</summary>
        public static int Compare(byte* left, byte* right, nuint length)
        {
            nuint offset = 0;
            for (; offset + 8 <= length; offset += 8)
            {
                ulong difference = *(ulong*)(left + offset) ^ *(ulong*)(right + offset);
                if (difference != 0)
                {
                    nuint at = offset + (nuint)WordBits.FirstByteIndex(difference);
                    return left[at] - right[at];
                }
            }
            for (; offset < length; offset++)
            {
                if (left[offset] != right[offset])
                    return left[offset] - right[offset];
            }
            return 0;
        }

        /// <summary>memchr: the first byte equal to <paramref name="value"/> among the first
        /// <paramref name="length"/> bytes, or null. Words are read from aligned addresses only,
        /// so a length larger than the object is harmless when the byte occurs (C11 7.24.5.1 lets
        /// memchr stop at the first match; strnlen relies on it).</summary>
        public static byte* IndexOf(byte* start, byte value, nuint length)
        {
            nuint offset = 0;
            for (; offset < length && ((nuint)(start + offset) & 7) != 0; offset++)
            {
                if (start[offset] == value)
                    return start + offset;
            }
            ulong pattern = WordBits.Broadcast(value);
            for (; length - offset >= 8; offset += 8)
            {
                ulong matches = WordBits.ZeroByteMask(*(ulong*)(start + offset) ^ pattern);
                if (matches != 0)
                    return start + offset + WordBits.FirstByteIndex(matches);
            }
            for (; offset < length; offset++)
            {
                if (start[offset] == value)
                    return start + offset;
            }
            return null;
        }

        /// <summary>memrchr: the last byte equal to <paramref name="value"/> among the first
        /// <paramref name="length"/> bytes, or null.</summary>
        public static byte* LastIndexOf(byte* start, byte value, nuint length)
        {
            nuint end = length;
            ulong pattern = WordBits.Broadcast(value);
            for (; end >= 8; end -= 8)
            {
                // Any match in this word? Then find the last one byte by byte (the mask's high
                // hits may be false ones above a real match, so they cannot be trusted).
                if (WordBits.ZeroByteMask(*(ulong*)(start + end - 8) ^ pattern) == 0)
                    continue;
                for (nuint i = end; i > end - 8; i--)
                {
                    if (start[i - 1] == value)
                        return start + i - 1;
                }
            }
            for (; end > 0; end--)
            {
                if (start[end - 1] == value)
                    return start + end - 1;
            }
            return null;
        }
    }
}
