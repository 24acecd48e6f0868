// memcpy, memmove, memset, memcmp, memchr, memrchr, rawmemchr, mempcpy, bzero, bcmp, memccpy:
// every length 0..300 at every alignment pair within a word, overlapping both ways, compared
// with a byte-by-byte reference or with the host glibc.
using System;
using Xunit;

namespace OSv.Libc.Tests.String
{
    public sealed unsafe class MemoryBlockTests
    {
        private const int LengthMax = 300;

        [Fact]
        public void Memcpy_EveryLengthAndAlignment_CopiesExactlyAndReturnsDestination()
        {
            var memcpy = (delegate* unmanaged<byte*, byte*, nuint, byte*>)CLibraries.Ours("memcpy");
            using var source = new NativeBuffer(LengthMax + 16);
            using var destination = new NativeBuffer(LengthMax + 32);
            new Random(1).NextBytes(source.Span);
            for (int length = 0; length <= LengthMax; length++)
            {
                for (int sourceOffset = 0; sourceOffset < 8; sourceOffset += 3)
                {
                    for (int destinationOffset = 0; destinationOffset < 8; destinationOffset++)
                    {
                        destination.Span.Fill(0xEE);
                        byte* result = memcpy(destination.Pointer + destinationOffset, source.Pointer + sourceOffset, (nuint)length);
                        Assert.True(result == destination.Pointer + destinationOffset);
                        Assert.True(source.Span.Slice(sourceOffset, length).SequenceEqual(destination.Span.Slice(destinationOffset, length)));
                        Assert.Equal(0xEE, destination.Span[destinationOffset + length]);
                        if (destinationOffset > 0)
                            Assert.Equal(0xEE, destination.Span[destinationOffset - 1]);
                    }
                }
            }
        }

        [Fact]
        public void Memmove_OverlappingBothWays_MatchesAnIntermediateCopy()
        {
            var memmove = (delegate* unmanaged<byte*, byte*, nuint, byte*>)CLibraries.Ours("memmove");
            using var buffer = new NativeBuffer(2 * LengthMax + 64);
            var random = new Random(2);
            for (int length = 0; length <= LengthMax; length++)
            {
                foreach (int shift in new[] { -65, -33, -17, -8, -7, -1, 1, 3, 8, 9, 31, 32, 40, 100 })
                {
                    random.NextBytes(buffer.Span);
                    byte[] expected = buffer.Span.ToArray();
                    int from = LengthMax / 2 + 32, to = from + shift;
                    Array.Copy(buffer.Span.Slice(from, length).ToArray(), 0, expected, to, length);
                    memmove(buffer.Pointer + to, buffer.Pointer + from, (nuint)length);
                    Assert.True(expected.AsSpan().SequenceEqual(buffer.Span), $"length {length} shift {shift}");
                }
            }
        }

        [Fact]
        public void Memset_EveryLength_FillsExactlyTheRange()
        {
            var memset = (delegate* unmanaged<byte*, int, nuint, byte*>)CLibraries.Ours("memset");
            var bzero = (delegate* unmanaged<byte*, nuint, void>)CLibraries.Ours("bzero");
            using var buffer = new NativeBuffer(LengthMax + 32);
            for (int length = 0; length <= LengthMax; length++)
            {
                for (int offset = 0; offset < 8; offset++)
                {
                    buffer.Span.Fill(0x11);
                    Assert.True(memset(buffer.Pointer + offset, 0x1A5, (nuint)length) == buffer.Pointer + offset);
                    for (int i = 0; i < buffer.Length; i++)
                        Assert.Equal(i >= offset && i < offset + length ? 0xA5 : 0x11, buffer.Span[i]);
                    bzero(buffer.Pointer + offset, (nuint)length);
                    Assert.True(buffer.Span.Slice(offset, length).IndexOfAnyExcept((byte)0) < 0);
                }
            }
        }

        [Fact]
        public void Memcmp_RandomBuffersWithHighBytes_SignMatchesGlibc()
        {
            var ours = (delegate* unmanaged<byte*, byte*, nuint, int>)CLibraries.Ours("memcmp");
            var bcmp = (delegate* unmanaged<byte*, byte*, nuint, int>)CLibraries.Ours("bcmp");
            var host = (delegate* unmanaged<byte*, byte*, nuint, int>)CLibraries.Host("memcmp");
            using var left = new NativeBuffer(LengthMax);
            using var right = new NativeBuffer(LengthMax);
            var random = new Random(3);
            for (int trial = 0; trial < 20_000; trial++)
            {
                int length = random.Next(LengthMax);
                random.NextBytes(left.Span);
                left.Span.CopyTo(right.Span);
                if (length > 0 && random.Next(4) != 0)
                    right.Span[random.Next(length)] = (byte)random.Next(256);
                int expected = System.Math.Sign(host(left.Pointer, right.Pointer, (nuint)length));
                Assert.Equal(expected, System.Math.Sign(ours(left.Pointer, right.Pointer, (nuint)length)));
                Assert.Equal(expected != 0, bcmp(left.Pointer, right.Pointer, (nuint)length) != 0);
            }
        }

        [Fact]
        public void MemchrMemrchrRawmemchr_RandomBuffers_MatchGlibc()
        {
            var memchr = (delegate* unmanaged<byte*, int, nuint, byte*>)CLibraries.Ours("memchr");
            var memrchr = (delegate* unmanaged<byte*, int, nuint, byte*>)CLibraries.Ours("memrchr");
            var rawmemchr = (delegate* unmanaged<byte*, int, byte*>)CLibraries.Ours("rawmemchr");
            var hostMemchr = (delegate* unmanaged<byte*, int, nuint, byte*>)CLibraries.Host("memchr");
            var hostMemrchr = (delegate* unmanaged<byte*, int, nuint, byte*>)CLibraries.Host("memrchr");
            using var buffer = new NativeBuffer(LengthMax + 1);
            var random = new Random(4);
            for (int trial = 0; trial < 20_000; trial++)
            {
                // A small alphabet so that hits are common, with high bytes in it.
                for (int i = 0; i < buffer.Length; i++)
                    buffer.Span[i] = (byte)(0xF0 + random.Next(12));
                int offset = random.Next(8), length = random.Next(LengthMax - 8);
                int c = 0xF0 + random.Next(16) + (random.Next(2) == 0 ? 0 : 0x100);   // int argument: only (unsigned char)c counts
                Assert.True(hostMemchr(buffer.Pointer + offset, c, (nuint)length) == memchr(buffer.Pointer + offset, c, (nuint)length));
                Assert.True(hostMemrchr(buffer.Pointer + offset, c, (nuint)length) == memrchr(buffer.Pointer + offset, c, (nuint)length));
                buffer.Span[buffer.Length - 1] = (byte)c;
                Assert.True(hostMemchr(buffer.Pointer + offset, c, (nuint)(buffer.Length - offset)) == rawmemchr(buffer.Pointer + offset, c));
            }
        }

        [Fact]
        public void MempcpyAndMemccpy_MatchGlibc()
        {
            var mempcpy = (delegate* unmanaged<byte*, byte*, nuint, byte*>)CLibraries.Ours("mempcpy");
            var memccpy = (delegate* unmanaged<byte*, byte*, int, nuint, byte*>)CLibraries.Ours("memccpy");
            var hostMemccpy = (delegate* unmanaged<byte*, byte*, int, nuint, byte*>)CLibraries.Host("memccpy");
            using var source = NativeBuffer.FromString("abcdef:ghij"u8);
            using var ours = new NativeBuffer(32);
            using var host = new NativeBuffer(32);
            Assert.True(mempcpy(ours.Pointer, source.Pointer, 5) == ours.Pointer + 5);
            for (int limit = 0; limit < 12; limit++)
            {
                foreach (int c in new[] { ':', 'a', 'z' })
                {
                    ours.Span.Clear();
                    host.Span.Clear();
                    byte* oursEnd = memccpy(ours.Pointer, source.Pointer, c, (nuint)limit);
                    byte* hostEnd = hostMemccpy(host.Pointer, source.Pointer, c, (nuint)limit);
                    Assert.Equal(hostEnd == null ? -1 : (long)(hostEnd - host.Pointer), oursEnd == null ? -1 : (long)(oursEnd - ours.Pointer));
                    Assert.True(host.Span.SequenceEqual(ours.Span));
                }
            }
        }
    }
}
