using OSv.Core.Arch.X64;
using Xunit;

namespace OSv.Core.Tests
{
    public class MsiMessageTests
    {
        [Fact]
        public void ForVector_Cpu0_AddressIsTheApicWindow()
        {
            MsiMessage message = MsiMessage.ForVector(0, 40);
            Assert.Equal(0xFEE0_0000UL, message.Address);
            Assert.Equal(40u, message.Data);
        }

        [Fact]
        public void ForVector_DestinationGoesToAddressBits19To12()
        {
            Assert.Equal(0xFEE0_3000UL, MsiMessage.ForVector(3, 33).Address);
            Assert.Equal(0xFEEF_F000UL, MsiMessage.ForVector(255, 33).Address);
        }
    }
}
