// The PAL's error numbering and conversions against the real thing: PalError against the pinned
// CoreLib's Interop.Error, and both conversions and strerror against the host's libSystem.Native
// (this test host runs on Linux x86-64, whose errnos are the ones the image reports).
using System;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using OSv.Runtime.Pal;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    public unsafe class ErrorConversionTests
    {
        [DllImport("libSystem.Native", EntryPoint = "SystemNative_ConvertErrorPlatformToPal")]
        private static extern int HostPlatformToPal(int platformErrno);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_ConvertErrorPalToPlatform")]
        private static extern int HostPalToPlatform(int error);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_StrErrorR")]
        private static extern byte* HostStrErrorR(int platformErrno, byte* buffer, int bufferSize);

        private static (string Name, int Value)[] PalErrors() =>
            typeof(PalError).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => (f.Name, (int)f.GetRawConstantValue()!)).ToArray();

        [Fact]
        public void PalError_MatchesPinnedInteropError_NameByName()
        {
            var pinned = PinnedPInvokeDeclarations.EnumConstants("Interop.Error");
            var ours = PalErrors().Where(e => e.Name != "ENONSTANDARD").ToArray();
            Assert.Equal(pinned.Count, ours.Length);
            foreach ((string name, int value) in ours)
                Assert.Equal(pinned[name], value);
        }

        [Fact]
        public void PlatformToPal_AgreesWithHostLibSystemNative_ForErrnosZeroTo200()
        {
            for (int errno = -5; errno <= 200; errno++)
                Assert.Equal((errno, HostPlatformToPal(errno)), (errno, ErrorConversion.PlatformToPal(errno)));
        }

        [Fact]
        public void PalToPlatform_AgreesWithHostLibSystemNative_ForEveryNamedError()
        {
            foreach ((string name, int value) in PalErrors().Where(e => e.Name != "ENONSTANDARD"))
                Assert.Equal((name, HostPalToPlatform(value)), (name, ErrorConversion.PalToPlatform(value)));
        }

        [Fact]
        public void NamedErrors_RoundTrip_PalToPlatformToPal()
        {
            foreach ((string name, int value) in PalErrors().Where(e => e.Name is not ("ENONSTANDARD" or "EHOSTNOTFOUND" or "ESOCKETERROR")))
                Assert.Equal((name, value), (name, ErrorConversion.PlatformToPal(ErrorConversion.PalToPlatform(value))));
        }

        [Fact]
        public void UnknownValues_BecomeNonStandardAndMinusOne()
        {
            Assert.Equal(PalError.ENONSTANDARD, ErrorConversion.PlatformToPal(4000));
            Assert.Equal(-1, ErrorConversion.PalToPlatform(PalError.ENONSTANDARD));
            Assert.Equal(-1, ErrorConversion.PalToPlatform(12345));
            Assert.Equal(-PalError.EHOSTNOTFOUND, ErrorConversion.PalToPlatform(PalError.EHOSTNOTFOUND));
        }

        [Fact]
        public void StrErrorR_MatchesGlibcWording_ForEveryErrnoWeName()
        {
            byte* ours = stackalloc byte[256];
            byte* host = stackalloc byte[256];
            for (int errno = 0; errno <= 131; errno++)
            {
                string ourText = Marshal.PtrToStringUTF8((nint)ErrorMessages.StrErrorR(errno, ours, 256))!;
                string hostText = Marshal.PtrToStringUTF8((nint)HostStrErrorR(errno, host, 256))!;
                if (!ourText.StartsWith("Unknown error", StringComparison.Ordinal))
                    Assert.Equal(hostText, ourText);
            }
        }

        [Fact]
        public void StrErrorR_Truncates_AndNulTerminates()
        {
            byte* buffer = stackalloc byte[8];
            byte* result = ErrorMessages.StrErrorR(LinuxErrno.ENOENT, buffer, 8);
            Assert.True(result == buffer);
            Assert.Equal("No such", Marshal.PtrToStringUTF8((nint)result));
        }

        [Fact]
        public void StrErrorR_UnknownNumber_SaysUnknownErrorN()
        {
            byte* buffer = stackalloc byte[64];
            Assert.Equal("Unknown error 4000", Marshal.PtrToStringUTF8((nint)ErrorMessages.StrErrorR(4000, buffer, 64)));
            Assert.Equal("Unknown error -7", Marshal.PtrToStringUTF8((nint)ErrorMessages.StrErrorR(-7, buffer, 64)));
            Assert.True(ErrorMessages.StrErrorR(1, buffer, 0) == null);
        }
    }
}
