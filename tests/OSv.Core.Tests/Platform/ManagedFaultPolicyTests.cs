// One behaviour per test for which CPU faults the runtime may take (ManagedFault.cs).
using OSv.Core.Platform;
using Xunit;

namespace OSv.Core.Tests.Platform
{
    public class ManagedFaultPolicyTests
    {
        private const ulong CodeStart = 0x200000;
        private const ulong CodeEnd = 0x300000;
        private const ulong InsideCode = 0x250000;
        private const ulong InterruptsOn = 0x202;  // RFLAGS with IF set (bit 1 always reads 1)
        private const ulong InterruptsOff = 0x002;

        [Fact]
        public void PageFault_NullAreaInsideManagedCode_IsManaged() =>
            Assert.True(ManagedFaultPolicy.IsManagedFault(ManagedFaultPolicy.PageFaultVector, 0x18, InsideCode, InterruptsOn, CodeStart, CodeEnd));

        [Fact]
        public void PageFault_LastByteOfNullArea_IsManaged() =>
            Assert.True(ManagedFaultPolicy.IsManagedFault(ManagedFaultPolicy.PageFaultVector, ManagedFaultPolicy.NullAreaBytes - 1, InsideCode, InterruptsOn, CodeStart, CodeEnd));

        [Fact]
        public void PageFault_AtNullAreaEnd_IsNotManaged() =>
            Assert.False(ManagedFaultPolicy.IsManagedFault(ManagedFaultPolicy.PageFaultVector, ManagedFaultPolicy.NullAreaBytes, InsideCode, InterruptsOn, CodeStart, CodeEnd));

        [Fact]
        public void PageFault_HighAddress_IsNotManaged() =>
            Assert.False(ManagedFaultPolicy.IsManagedFault(ManagedFaultPolicy.PageFaultVector, 0x7fff_0000, InsideCode, InterruptsOn, CodeStart, CodeEnd));

        [Fact]
        public void DivideError_InsideManagedCode_IsManaged() =>
            Assert.True(ManagedFaultPolicy.IsManagedFault(ManagedFaultPolicy.DivideErrorVector, 0, InsideCode, InterruptsOn, CodeStart, CodeEnd));

        [Fact]
        public void DivideError_OutsideManagedCode_IsNotManaged() =>
            Assert.False(ManagedFaultPolicy.IsManagedFault(ManagedFaultPolicy.DivideErrorVector, 0, CodeEnd + 1, InterruptsOn, CodeStart, CodeEnd));

        [Fact]
        public void NullRead_AtCodeEnd_IsNotManaged() =>
            Assert.False(ManagedFaultPolicy.IsManagedFault(ManagedFaultPolicy.PageFaultVector, 0, CodeEnd, InterruptsOn, CodeStart, CodeEnd));

        [Fact]
        public void NullRead_AtCodeStart_IsManaged() =>
            Assert.True(ManagedFaultPolicy.IsManagedFault(ManagedFaultPolicy.PageFaultVector, 0, CodeStart, InterruptsOn, CodeStart, CodeEnd));

        [Fact]
        public void GeneralProtection_InsideManagedCode_IsNotManaged() =>
            Assert.False(ManagedFaultPolicy.IsManagedFault(13, 0, InsideCode, InterruptsOn, CodeStart, CodeEnd));

        [Fact]
        public void AnyFault_EmptyRange_IsNotManaged() =>
            Assert.False(ManagedFaultPolicy.IsManagedFault(ManagedFaultPolicy.PageFaultVector, 0, InsideCode, InterruptsOn, 0, 0));
    

        [Fact]
        public void PageFault_NullAreaWithInterruptsOff_IsNotManaged() =>
            Assert.False(ManagedFaultPolicy.IsManagedFault(ManagedFaultPolicy.PageFaultVector, 0x18, InsideCode, InterruptsOff, CodeStart, CodeEnd));

        [Fact]
        public void DivideError_WithInterruptsOff_IsNotManaged() =>
            Assert.False(ManagedFaultPolicy.IsManagedFault(ManagedFaultPolicy.DivideErrorVector, 0, InsideCode, InterruptsOff, CodeStart, CodeEnd));
    }
}
