// strcpy, stpcpy, strncpy, stpncpy, strcat, strncat, strdup, strndup, strxfrm: the destination
// bytes (including padding and what must stay untouched) and the returned pointer equal glibc's.
using System;
using Xunit;

namespace OSv.Libc.Tests.String
{
    public sealed unsafe class StringCopyTests
    {
        private const int BufferBytes = 96;

        private delegate byte* CopyCall(nint function, byte* destination, byte* source, nuint limit);

        private static void CompareWithGlibc(string name, CopyCall call, bool prefillDestination)
        {
            var random = new Random(20);
            using var source = new NativeBuffer(40);
            using var ours = new NativeBuffer(BufferBytes);
            using var host = new NativeBuffer(BufferBytes);
            for (int trial = 0; trial < 3_000; trial++)
            {
                StringFunctionTests.FillRandomString(random, source.Span, random.Next(30));
                ours.Span.Fill(0x5A);
                if (prefillDestination)
                    StringFunctionTests.FillRandomString(random, ours.Span, random.Next(30));
                ours.Span.CopyTo(host.Span);
                nuint limit = (nuint)random.Next(40);
                byte* oursResult = call(CLibraries.Ours(name), ours.Pointer, source.Pointer, limit);
                byte* hostResult = call(CLibraries.Host(name), host.Pointer, source.Pointer, limit);
                Assert.Equal((long)(hostResult - host.Pointer), (long)(oursResult - ours.Pointer));
                Assert.True(host.Span.SequenceEqual(ours.Span), $"{name} trial {trial}");
            }
        }

        private static byte* TwoArguments(nint f, byte* d, byte* s, nuint n) => ((delegate* unmanaged<byte*, byte*, byte*>)f)(d, s);
        private static byte* ThreeArguments(nint f, byte* d, byte* s, nuint n) => ((delegate* unmanaged<byte*, byte*, nuint, byte*>)f)(d, s, n);

        [Fact] public void Strcpy_MatchesGlibc() => CompareWithGlibc("strcpy", TwoArguments, false);
        [Fact] public void Stpcpy_MatchesGlibc() => CompareWithGlibc("stpcpy", TwoArguments, false);
        [Fact] public void Strcat_MatchesGlibc() => CompareWithGlibc("strcat", TwoArguments, true);
        [Fact] public void Strncpy_PadsLikeGlibc() => CompareWithGlibc("strncpy", ThreeArguments, false);
        [Fact] public void Stpncpy_PadsLikeGlibc() => CompareWithGlibc("stpncpy", ThreeArguments, false);
        [Fact] public void Strncat_MatchesGlibc() => CompareWithGlibc("strncat", ThreeArguments, true);

        [Fact]
        public void Strxfrm_CLocale_CopiesWhatFitsAndReturnsTheLength()
        {
            var strxfrm = (delegate* unmanaged<byte*, byte*, nuint, nuint>)CLibraries.Ours("strxfrm");
            using var source = NativeBuffer.FromString("hello"u8);
            using var destination = new NativeBuffer(16);
            destination.Span.Fill(0x5A);
            Assert.Equal((nuint)5, strxfrm(destination.Pointer, source.Pointer, 0));
            Assert.Equal(0x5A, destination.Span[0]);
            Assert.Equal((nuint)5, strxfrm(destination.Pointer, source.Pointer, 16));
            Assert.True(destination.Span.Slice(0, 6).SequenceEqual("hello\0"u8));
            Assert.Equal(0x5A, destination.Span[6]);
        }

        [Fact]
        public void StrdupStrndup_CopyIntoOurHeap()
        {
            var strdup = (delegate* unmanaged<byte*, byte*>)CLibraries.Ours("strdup");
            var strndup = (delegate* unmanaged<byte*, nuint, byte*>)CLibraries.Ours("strndup");
            using var source = NativeBuffer.FromString("duplicate \xE9"u8);
            byte* copy = strdup(source.Pointer);
            Assert.True(new ReadOnlySpan<byte>(copy, source.Length).SequenceEqual(source.Span));
            Assert.True(OSv.Libc.Memory.Heap.UsableSize(copy) >= (nuint)source.Length);
            byte* prefix = strndup(source.Pointer, 3);
            Assert.True(new ReadOnlySpan<byte>(prefix, 4).SequenceEqual("dup\0"u8));
            byte* whole = strndup(source.Pointer, 1000);
            Assert.True(new ReadOnlySpan<byte>(whole, source.Length).SequenceEqual(source.Span));
            OSv.Libc.Memory.Heap.Free(copy);
            OSv.Libc.Memory.Heap.Free(prefix);
            OSv.Libc.Memory.Heap.Free(whole);
        }
    }
}
