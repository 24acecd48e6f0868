// strtok, strtok_r and strsep split the same random inputs into the same tokens as glibc, leave
// the same bytes in the buffer, and end at the same point.
using System;
using System.Collections.Generic;
using Xunit;

namespace OSv.Libc.Tests.String
{
    public sealed unsafe class TokenTests
    {
        private static readonly byte[] Delimiters = ",; \0"u8.ToArray();

        private delegate byte* Tokenizer(nint function, byte* text, byte* delimiters, byte** save);

        private static (List<long> Offsets, byte[] Bytes) Run(string name, nint function, byte[] input, Tokenizer next)
        {
            using var buffer = NativeBuffer.FromString(input);
            using var delimiters = NativeBuffer.FromString(Delimiters.AsSpan(0, 3));
            var offsets = new List<long>();
            byte* save = null;
            byte* cursor = buffer.Pointer;
            for (int step = 0; step < 100; step++)
            {
                byte* token = next(function, step == 0 ? buffer.Pointer : null, delimiters.Pointer, name == "strsep" ? &cursor : &save);
                offsets.Add(token == null ? -1 : token - buffer.Pointer);
                if (token == null)
                    break;
            }
            return (offsets, buffer.Span.ToArray());
        }

        [Theory]
        [InlineData("strtok")]
        [InlineData("strtok_r")]
        [InlineData("strsep")]
        public void Tokenizers_RandomInputs_MatchGlibc(string name)
        {
            Tokenizer next = name switch
            {
                "strtok" => (f, t, d, s) => ((delegate* unmanaged<byte*, byte*, byte*>)f)(t, d),
                "strtok_r" => (f, t, d, s) => ((delegate* unmanaged<byte*, byte*, byte**, byte*>)f)(t, d, s),
                _ => (f, t, d, s) => ((delegate* unmanaged<byte**, byte*, byte*>)f)(s, d),
            };
            var random = new Random(30);
            for (int trial = 0; trial < 2_000; trial++)
            {
                byte[] input = new byte[random.Next(20)];
                for (int i = 0; i < input.Length; i++)
                    input[i] = random.Next(3) == 0 ? Delimiters[random.Next(3)] : (byte)('a' + random.Next(3));
                var ours = Run(name, CLibraries.Ours(name), input, next);
                var host = Run(name, CLibraries.Host(name), input, next);
                Assert.Equal(host.Offsets, ours.Offsets);
                Assert.Equal(host.Bytes, ours.Bytes);
            }
        }

        [Fact]
        public void StrtokR_NullTextAndNullSave_ReturnsNullInsteadOfCrashing()
        {
            var strtok_r = (delegate* unmanaged<byte*, byte*, byte**, byte*>)CLibraries.Ours("strtok_r");
            using var delimiters = NativeBuffer.FromString(","u8);
            byte* save = null;
            Assert.True(strtok_r(null, delimiters.Pointer, &save) == null);
        }
    }
}
