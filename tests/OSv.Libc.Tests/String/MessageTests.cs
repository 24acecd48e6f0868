// strerror, both strerror_r variants and strsignal produce glibc's exact texts, for every errno
// and signal number and beyond.
using System;
using System.Runtime.InteropServices;
using Xunit;

namespace OSv.Libc.Tests.String
{
    public sealed unsafe class MessageTests
    {
        private static string Text(byte* text) => Marshal.PtrToStringUTF8((nint)text)!;

        [Fact]
        public void Strerror_EveryNumberFromMinus5To200_MatchesGlibc()
        {
            var ours = (delegate* unmanaged<int, byte*>)CLibraries.Ours("strerror");
            var host = (delegate* unmanaged<int, byte*>)CLibraries.Host("strerror");
            foreach (int number in new[] { int.MinValue, int.MaxValue, 1000 })
                Assert.Equal(Text(host(number)), Text(ours(number)));
            for (int number = -5; number <= 200; number++)
                Assert.Equal(Text(host(number)), Text(ours(number)));
        }

        [Fact]
        public void ErrorMessagesOf_KnownNumber_IsNulTerminatedStaticText()
        {
            ReadOnlySpan<byte> text = OSv.Libc.String.ErrorMessages.Of(12);
            Assert.True(text.SequenceEqual("Cannot allocate memory"u8));
            fixed (byte* start = text)
                Assert.Equal(0, start[text.Length]);
            Assert.True(OSv.Libc.String.ErrorMessages.Of(134).SequenceEqual("Unknown error 134"u8));
        }

        [Fact]
        public void GnuStrerrorR_MatchesGlibcForEveryBufferSize()
        {
            var ours = (delegate* unmanaged<int, byte*, nuint, byte*>)CLibraries.Ours("strerror_r");
            var host = (delegate* unmanaged<int, byte*, nuint, byte*>)CLibraries.Host("strerror_r");
            using var oursBuffer = new NativeBuffer(64);
            using var hostBuffer = new NativeBuffer(64);
            foreach (int number in new[] { 0, 2, 41, 133, 134, -7, 99999 })
            {
                for (int size = 1; size < 40; size += 3)
                {
                    oursBuffer.Span.Fill(0x5A);
                    hostBuffer.Span.Fill(0x5A);
                    byte* oursText = ours(number, oursBuffer.Pointer, (nuint)size);
                    byte* hostText = host(number, hostBuffer.Pointer, (nuint)size);
                    Assert.Equal(Text(hostText), Text(oursText));
                    Assert.Equal(hostText == hostBuffer.Pointer, oursText == oursBuffer.Pointer);
                }
            }
        }

        [Fact]
        public void XsiStrerrorR_MatchesGlibcResultAndBuffer()
        {
            var ours = (delegate* unmanaged<int, byte*, nuint, int>)CLibraries.Ours("__xpg_strerror_r");
            var host = (delegate* unmanaged<int, byte*, nuint, int>)CLibraries.Host("__xpg_strerror_r");
            using var oursBuffer = new NativeBuffer(64);
            using var hostBuffer = new NativeBuffer(64);
            foreach (int number in new[] { 0, 2, 41, 133, 134, -7 })
            {
                for (int size = 0; size < 40; size += 3)
                {
                    oursBuffer.Span.Fill(0x5A);
                    hostBuffer.Span.Fill(0x5A);
                    Assert.Equal(host(number, hostBuffer.Pointer, (nuint)size), ours(number, oursBuffer.Pointer, (nuint)size));
                    Assert.True(hostBuffer.Span.SequenceEqual(oursBuffer.Span), $"errno {number} size {size}");
                }
            }
        }

        [Fact]
        public void Strsignal_EverySignalFromMinus2To70_MatchesGlibc()
        {
            var ours = (delegate* unmanaged<int, byte*>)CLibraries.Ours("strsignal");
            var host = (delegate* unmanaged<int, byte*>)CLibraries.Host("strsignal");
            for (int signal = -2; signal <= 70; signal++)
                Assert.Equal(Text(host(signal)), Text(ours(signal)));
        }
    }
}
