using Xunit;

namespace OSv.Core.Tests
{
    public class MachineTests
    {
        [Fact]
        public void Platform_InAnOrdinaryProcess_IsHosted()
        {
            Assert.Equal("hosted", Machine.Platform);
        }

        [Fact]
        public void KernelOptions_Hosted_AreEmpty()
        {
            Assert.Empty(Machine.KernelOptions);
        }

        [Theory]
        [InlineData(0, 0)]
        [InlineData(125, 125)]
        [InlineData(126, 125)]
        [InlineData(-1, 125)]
        public void ClampExitCode_OutsideReportableRange_ClampsToMax(int exitCode, int expected)
        {
            Assert.Equal(expected, Machine.ClampExitCode(exitCode));
        }
    }
}
