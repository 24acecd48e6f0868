// Bit tricks on 64-bit words that the memory and string routines share (the "SWAR" technique:
// SIMD within a register). A C string scan reads 8 bytes at a time from 8-byte-aligned
// addresses: an aligned word never straddles a page, so reading the bytes after a terminator
// inside the same word cannot fault even where the next page is unmapped.
//
// ZeroByteMask(w) = (w - 0x01..01) & ~w & 0x80..80 is non-zero exactly when some byte of w is 0.
// Its lowest set bit is exact: a borrow only propagates upwards from a zero byte, so the bytes
// below the first zero byte never produce a false hit (false hits can only sit above a real one).
// With x86-64's little-endian order the first byte in memory is the lowest byte, so
// TrailingZeroCount(mask) / 8 is the index of the first zero byte.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OSv.Libc.String
{
    public static class WordBits
    {
        public const ulong LowBytes = 0x0101010101010101UL;
        public const ulong HighBits = 0x8080808080808080UL;

        /// <summary>Non-zero exactly when a byte of <paramref name="word"/> is zero; its lowest set
        /// bit is the high bit of the first zero byte.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong ZeroByteMask(ulong word) => (word - LowBytes) & ~word & HighBits;

        /// <summary><paramref name="value"/> copied into every byte of a word.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Broadcast(byte value) => value * LowBytes;

        /// <summary>Index (0..7) of the byte holding the lowest set bit of a non-zero mask.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int FirstByteIndex(ulong nonZeroMask) => BitOperations.TrailingZeroCount(nonZeroMask) >> 3;
    }
}
