// ManagedFault.Register: the x86 register numbering a #DE decoder reads ModRM/SIB fields with.
using OSv.Core.Platform;
using Xunit;

namespace OSv.Core.Tests.Platform
{
    public class ManagedFaultRegisterTests
    {
        private static ManagedFault Distinct() => new()
        {
            Rax = 100, Rcx = 101, Rdx = 102, Rbx = 103, Rsp = 104, Rbp = 105, Rsi = 106, Rdi = 107,
            R8 = 108, R9 = 109, R10 = 110, R11 = 111, R12 = 112, R13 = 113, R14 = 114, R15 = 115,
            Rip = 1, Vector = 2, ErrorCode = 3, FaultAddress = 4,
        };

        [Fact]
        public void Register_EveryEncodingNumber_ReadsItsRegister()
        {
            ManagedFault fault = Distinct();
            for (int number = 0; number < 16; number++)
                Assert.Equal(100UL + (ulong)number, fault.Register(number));
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(16)]
        public void Register_OutOfRange_IsZero(int number) => Assert.Equal(0UL, Distinct().Register(number));
    }
}
