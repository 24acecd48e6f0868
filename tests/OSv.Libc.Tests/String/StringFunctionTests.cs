// strlen .. strcspn, strcasecmp, strcoll: random strings over a small alphabet that mixes upper
// and lower case letters with bytes ≥ 0x80 (signedness bugs show there), at every alignment,
// compared with the host glibc: the exact pointer for searches, the sign for comparisons.
using System;
using Xunit;

namespace OSv.Libc.Tests.String
{
    public sealed unsafe class StringFunctionTests
    {
        private const int Trials = 6_000;
        private static readonly byte[] Alphabet = "aAbBcC,; \xE9\xC9\xFF\x80"u8.ToArray();

        internal static void FillRandomString(Random random, Span<byte> buffer, int length)
        {
            for (int i = 0; i < length; i++)
                buffer[i] = Alphabet[random.Next(Alphabet.Length)];
            buffer[length] = 0;
        }

        private delegate void Check(byte* a, byte* b, int c);

        // Two random strings (the second short, so searches hit), an offset for alignment, a
        // random byte value and a random limit.
        private static void ForRandomPairs(int seed, Check check)
        {
            var random = new Random(seed);
            using var first = new NativeBuffer(200);
            using var second = new NativeBuffer(16);
            for (int trial = 0; trial < Trials; trial++)
            {
                int offset = random.Next(8);
                FillRandomString(random, first.Span.Slice(offset), random.Next(180));
                FillRandomString(random, second.Span, random.Next(4));
                if (random.Next(3) == 0)
                    first.Span.Slice(offset, 4).CopyTo(second.Span);   // a prefix: equal-ish strings
                check(first.Pointer + offset, second.Pointer, random.Next(-1, 256));
            }
        }

        [Fact]
        public void StrlenStrnlen_MatchGlibc()
        {
            var strlen = (delegate* unmanaged<byte*, nuint>)CLibraries.Ours("strlen");
            var strnlen = (delegate* unmanaged<byte*, nuint, nuint>)CLibraries.Ours("strnlen");
            var hostStrnlen = (delegate* unmanaged<byte*, nuint, nuint>)CLibraries.Host("strnlen");
            ForRandomPairs(10, (a, b, c) =>
            {
                Assert.Equal((nuint)new ReadOnlySpan<byte>(a, 200).IndexOf((byte)0), strlen(a));
                nuint limit = (nuint)(c & 0xFF);
                Assert.Equal(hostStrnlen(a, limit), strnlen(a, limit));
            });
        }

        [Theory]
        [InlineData("strcmp")]
        [InlineData("strcasecmp")]
        [InlineData("strcoll")]
        public void Comparisons_RandomStrings_SignMatchesGlibc(string name)
        {
            var ours = (delegate* unmanaged<byte*, byte*, int>)CLibraries.Ours(name);
            var host = (delegate* unmanaged<byte*, byte*, int>)CLibraries.Host(name == "strcoll" ? "strcmp" : name);
            ForRandomPairs(11, (a, b, c) =>
            {
                Assert.Equal(System.Math.Sign(host(a, b)), System.Math.Sign(ours(a, b)));
                Assert.Equal(System.Math.Sign(host(b, a)), System.Math.Sign(ours(b, a)));
                Assert.Equal(0, ours(a, a));
            });
        }

        [Theory]
        [InlineData("strncmp")]
        [InlineData("strncasecmp")]
        public void BoundedComparisons_RandomStrings_SignMatchesGlibc(string name)
        {
            var ours = (delegate* unmanaged<byte*, byte*, nuint, int>)CLibraries.Ours(name);
            var host = (delegate* unmanaged<byte*, byte*, nuint, int>)CLibraries.Host(name);
            ForRandomPairs(12, (a, b, c) =>
            {
                nuint limit = (nuint)(c & 7);
                Assert.Equal(System.Math.Sign(host(a, b, limit)), System.Math.Sign(ours(a, b, limit)));
            });
        }

        [Theory]
        [InlineData("strchr")]
        [InlineData("strrchr")]
        [InlineData("strchrnul")]
        [InlineData("index")]
        [InlineData("rindex")]
        public void ByteSearches_RandomStrings_ReturnTheSamePointerAsGlibc(string name)
        {
            var ours = (delegate* unmanaged<byte*, int, byte*>)CLibraries.Ours(name);
            var host = (delegate* unmanaged<byte*, int, byte*>)CLibraries.Host(name);
            ForRandomPairs(13, (a, b, c) =>
            {
                int value = c < 0 ? 0 : c < 128 ? Alphabet[c % Alphabet.Length] : c;
                Assert.True(host(a, value) == ours(a, value), $"{name} {value}");
                Assert.True(host(a, value | 0x7F00) == ours(a, value | 0x7F00));
            });
        }

        [Theory]
        [InlineData("strstr")]
        [InlineData("strcasestr")]
        [InlineData("strpbrk")]
        public void SubstringAndSetSearches_RandomStrings_ReturnTheSamePointerAsGlibc(string name)
        {
            var ours = (delegate* unmanaged<byte*, byte*, byte*>)CLibraries.Ours(name);
            var host = (delegate* unmanaged<byte*, byte*, byte*>)CLibraries.Host(name);
            ForRandomPairs(14, (a, b, c) => Assert.True(host(a, b) == ours(a, b)));
        }

        [Theory]
        [InlineData("strspn")]
        [InlineData("strcspn")]
        public void SpanFunctions_RandomStrings_MatchGlibc(string name)
        {
            var ours = (delegate* unmanaged<byte*, byte*, nuint>)CLibraries.Ours(name);
            var host = (delegate* unmanaged<byte*, byte*, nuint>)CLibraries.Host(name);
            ForRandomPairs(15, (a, b, c) =>
            {
                Assert.Equal(host(a, b), ours(a, b));
                Assert.Equal(host(b, a), ours(b, a));
            });
        }

        [Fact]
        public void Ffs_MatchesGlibc()
        {
            var ffs = (delegate* unmanaged<int, int>)CLibraries.Ours("ffs");
            var ffsll = (delegate* unmanaged<long, int>)CLibraries.Ours("ffsll");
            var hostFfs = (delegate* unmanaged<int, int>)CLibraries.Host("ffs");
            var hostFfsll = (delegate* unmanaged<long, int>)CLibraries.Host("ffsll");
            var random = new Random(16);
            for (int trial = 0; trial < 10_000; trial++)
            {
                long value = random.NextInt64() >> random.Next(64) << random.Next(64);
                Assert.Equal(hostFfs((int)value), ffs((int)value));
                Assert.Equal(hostFfsll(value), ffsll(value));
            }
            Assert.Equal(0, ffs(0));
            Assert.Equal(32, ffs(int.MinValue));
        }
    }
}
