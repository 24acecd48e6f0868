// The bytes a client sends and expects back: a pure function of (seed, offset), so a verifier
// can check any slice of the stream without keeping what was sent. Each 8-byte block at offset
// 8k is SplitMix64(seed + k) little-endian (Steele, Lea, Flood: "Fast splittable pseudorandom
// number generators", 2014): consecutive blocks differ, and a shifted, dropped or duplicated
// byte shows at its exact offset.
using System;
using System.Buffers.Binary;

namespace OSv.NetPeer
{
    public static class SeededPattern
    {
        private const int BlockBytes = 8;

        public static byte At(ulong seed, long offset) =>
            (byte)(Block(seed, (ulong)(offset / BlockBytes)) >> (int)(8 * (offset % BlockBytes)));

        // Fills destination with the pattern bytes [offset, offset + destination.Length).
        public static void Fill(ulong seed, long offset, Span<byte> destination)
        {
            int i = 0;
            // Whole aligned blocks are written eight bytes at a time; the ragged ends byte by byte.
            while (i < destination.Length && (offset + i) % BlockBytes != 0)
                destination[i] = At(seed, offset + i++);
            ulong index = (ulong)((offset + i) / BlockBytes);
            for (; destination.Length - i >= BlockBytes; i += BlockBytes, index++)
                BinaryPrimitives.WriteUInt64LittleEndian(destination.Slice(i), Block(seed, index));
            while (i < destination.Length)
            {
                long position = offset + i;
                ulong block = Block(seed, (ulong)(position / BlockBytes));
                for (int shift = (int)(position % BlockBytes); shift < BlockBytes && i < destination.Length; shift++, i++)
                    destination[i] = (byte)(block >> (8 * shift));
            }
        }

        // The first offset in [offset, offset + received.Length) whose byte differs, or -1.
        public static long FirstMismatch(ulong seed, long offset, ReadOnlySpan<byte> received)
        {
            Span<byte> expected = stackalloc byte[4096];
            for (int done = 0; done < received.Length; done += expected.Length)
            {
                int length = Math.Min(expected.Length, received.Length - done);
                Fill(seed, offset + done, expected.Slice(0, length));
                int differ = received.Slice(done, length).CommonPrefixLength(expected.Slice(0, length));
                if (differ < length)
                    return offset + done + differ;
            }
            return -1;
        }

        private static ulong Block(ulong seed, ulong index)
        {
            ulong z = seed + (index + 1) * 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
