// memmove, memset, memcmp, memchr and memrchr as C# on raw memory: the routines every other part
// of the C library (and every loaded program) copies and compares with. The interim core library
// has no vector types and its Buffer.Memmove is a plain 8-byte loop, so these work on 8-byte
// words with the overlapping-ends technique of glibc's and Bionic's x86-64 string routines:
//
// - Up to 32 bytes: load every word the range needs (the two ends may overlap), then store them
//   all. No loop, no branch per byte, and because every load happens before any store the copy
//   is correct for overlapping ranges too.
// - Larger: 32 bytes per iteration. The last (or first, copying backwards) 32 bytes are loaded
//   before the loop and stored after it, which covers the ragged end without a byte loop and
//   stays correct when the destination overlaps the source.
//
// So Copy is Move: memcpy never needs to be faster than memmove badly enough to risk the
// programs that (wrongly) memcpy overlapping ranges, a bug glibc's own memcpy tolerates on x86.
//
// Compare and LastIndexOf read whole words only inside [start, start + length): never past the end
// the caller gave. IndexOf reads aligned words, which never straddle a page.
using System.Runtime.CompilerServices;

namespace OSv.Libc.String
{
    public static unsafe class MemoryBlocks
    {
        private const int BlockBytes = 32;

        /// <summary>memcpy: copies <paramref name="length"/> bytes; overlap is allowed.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Copy(byte* destination, byte* source, nuint length) => Move(destination, source, length);

        /// <summary>memmove: copies <paramref name="length"/> bytes as if through a temporary.</summary>
        public static void Move(byte* destination, byte* source, nuint length)
        {
            if (length <= BlockBytes)
            {
                MoveSmall(destination, source, length);
                return;
            }
            if (destination <= source || destination >= source + length)
                MoveForward(destination, source, length);
            else
                MoveBackward(destination, source, length);
        }

        // 0..32 bytes: all loads, then all stores.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void MoveSmall(byte* destination, byte* source, nuint length)
        {
            if (length >= 16)
            {
                ulong a = *(ulong*)source, b = *(ulong*)(source + 8);
                ulong c = *(ulong*)(source + length - 16), d = *(ulong*)(source + length - 8);
                *(ulong*)destination = a;
                *(ulong*)(destination + 8) = b;
                *(ulong*)(destination + length - 16) = c;
                *(ulong*)(destination + length - 8) = d;
            }
            else if (length >= 8)
            {
                ulong a = *(ulong*)source, b = *(ulong*)(source + length - 8);
                *(ulong*)destination = a;
                *(ulong*)(destination + length - 8) = b;
            }
            else if (length >= 4)
            {
                uint a = *(uint*)source, b = *(uint*)(source + length - 4);
                *(uint*)destination = a;
                *(uint*)(destination + length - 4) = b;
            }
            else if (length > 0)
            {
                byte a = source[0], b = source[length >> 1], c = source[length - 1];
                destination[0] = a;
                destination[length >> 1] = b;
                destination[length - 1] = c;
            }
        }

        private static void MoveForward(byte* destination, byte* source, nuint length)
        {
            // The last 32 source bytes, read before the loop can overwrite them.
            byte* sourceTail = source + length - BlockBytes;
            ulong t0 = *(ulong*)sourceTail, t1 = *(ulong*)(sourceTail + 8);
            ulong t2 = *(ulong*)(sourceTail + 16), t3 = *(ulong*)(sourceTail + 24);
            nuint offset = 0;
            for (; offset + BlockBytes < length; offset += BlockBytes)
            {
                ulong a = *(ulong*)(source + offset), b = *(ulong*)(source + offset + 8);
                ulong c = *(ulong*)(source + offset + 16), d = *(ulong*)(source + offset + 24);
                *(ulong*)(destination + offset) = a;
                *(ulong*)(destination + offset + 8) = b;
                *(ulong*)(destination + offset + 16) = c;
                *(ulong*)(destination + offset + 24) = d;
            }
            byte* destinationTail = destination + length - BlockBytes;
            *(ulong*)destinationTail = t0;
            *(ulong*)(destinationTail + 8) = t1;
            *(ulong*)(destinationTail + 16) = t2;
            *(ulong*)(destinationTail + 24) = t3;
        }

        private static void MoveBackward(byte* destination, byte* source, nuint length)
        {
            // The first 32 source bytes, read before the loop can overwrite them.
            ulong h0 = *(ulong*)source, h1 = *(ulong*)(source + 8);
            ulong h2 = *(ulong*)(source + 16), h3 = *(ulong*)(source + 24);
            nuint end = length;
            for (; end > BlockBytes; end -= BlockBytes)
            {
                byte* from = source + end - BlockBytes;
                byte* to = destination + end - BlockBytes;
                ulong a = *(ulong*)from, b = *(ulong*)(from + 8), c = *(ulong*)(from + 16), d = *(ulong*)(from + 24);
                *(ulong*)to = a;
                *(ulong*)(to + 8) = b;
                *(ulong*)(to + 16) = c;
                *(ulong*)(to + 24) = d;
            }
            *(ulong*)destination = h0;
            *(ulong*)(destination + 8) = h1;
            *(ulong*)(destination + 16) = h2;
            *(ulong*)(destination + 24) = h3;
        }

        /// <summary>memset: <paramref name="length"/> bytes of <paramref name="value"/>.</summary>
        public static void Fill(byte* destination, byte value, nuint length)
        {
            ulong pattern = WordBits.Broadcast(value);
            if (length < 8)
            {
                for (nuint i = 0; i < length; i++)
                    destination[i] = value;
                return;
            }
            nuint offset = 0;
            for (; offset + BlockBytes <= length; offset += BlockBytes)
            {
                *(ulong*)(destination + offset) = pattern;
                *(ulong*)(destination + offset + 8) = pattern;
                *(ulong*)(destination + offset + 16) = pattern;
                *(ulong*)(destination + offset + 24) = pattern;
            }
            for (; offset + 8 <= length; offset += 8)
                *(ulong*)(destination + offset) = pattern;
            // The ragged end: one word ending exactly at the end (overlaps what is already set).
            if (offset < length)
                *(ulong*)(destination + length - 8) = pattern;
        }

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
