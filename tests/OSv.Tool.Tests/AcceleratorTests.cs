// Accelerator choice: KVM only with vmx/svm in /proc/cpuinfo and a usable /dev/kvm (a kvm_pvm
// host has the device but neither flag), unless --accel forces one.
using OSv.Tool;
using Xunit;

namespace OSv.Tool.Tests
{
    public class AcceleratorTests
    {
        private const string IntelCpuInfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme de pse vmx sse sse2\n";
        private const string AmdCpuInfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu vme svm sse sse2\n";
        private const string PlainCpuInfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme de pse sse sse2 hypervisor\n";

        [Fact]
        public void Choose_VmxAndKvmUsable_PicksKvm()
        {
            AcceleratorChoice choice = Accelerator.Choose(AcceleratorRequest.Auto, IntelCpuInfo, kvmUsable: true);
            Assert.Equal(AcceleratorKind.Kvm, choice.Kind);
        }

        [Fact]
        public void Choose_SvmAndKvmUsable_PicksKvm()
        {
            AcceleratorChoice choice = Accelerator.Choose(AcceleratorRequest.Auto, AmdCpuInfo, kvmUsable: true);
            Assert.Equal(AcceleratorKind.Kvm, choice.Kind);
        }

        [Fact]
        public void Choose_NoVmxOrSvm_PicksTcg()
        {
            AcceleratorChoice choice = Accelerator.Choose(AcceleratorRequest.Auto, PlainCpuInfo, kvmUsable: true);
            Assert.Equal(AcceleratorKind.Tcg, choice.Kind);
        }

        [Fact]
        public void Choose_NoVmxOrSvm_SaysWhy()
        {
            AcceleratorChoice choice = Accelerator.Choose(AcceleratorRequest.Auto, PlainCpuInfo, kvmUsable: true);
            Assert.Equal("tcg (no vmx/svm in /proc/cpuinfo)", choice.Describe());
        }

        [Fact]
        public void Choose_VmxButKvmNotOpenable_PicksTcg()
        {
            AcceleratorChoice choice = Accelerator.Choose(AcceleratorRequest.Auto, IntelCpuInfo, kvmUsable: false);
            Assert.Equal(AcceleratorKind.Tcg, choice.Kind);
        }

        [Fact]
        public void Choose_EmptyCpuInfo_PicksTcg()
        {
            AcceleratorChoice choice = Accelerator.Choose(AcceleratorRequest.Auto, "", kvmUsable: true);
            Assert.Equal(AcceleratorKind.Tcg, choice.Kind);
        }

        [Fact]
        public void Choose_ForcedKvmWithoutFlags_PicksKvm()
        {
            AcceleratorChoice choice = Accelerator.Choose(AcceleratorRequest.Kvm, PlainCpuInfo, kvmUsable: false);
            Assert.Equal(AcceleratorKind.Kvm, choice.Kind);
        }

        [Fact]
        public void Choose_ForcedTcgWithVmx_PicksTcg()
        {
            AcceleratorChoice choice = Accelerator.Choose(AcceleratorRequest.Tcg, IntelCpuInfo, kvmUsable: true);
            Assert.Equal(AcceleratorKind.Tcg, choice.Kind);
        }

        [Fact]
        public void Choose_AutoKvm_DescribesWithoutReason()
        {
            AcceleratorChoice choice = Accelerator.Choose(AcceleratorRequest.Auto, IntelCpuInfo, kvmUsable: true);
            Assert.Equal("kvm", choice.Describe());
        }

        [Fact]
        public void HasVirtualizationFlag_VmxInsideAnotherFlag_IsNotAFlag()
        {
            Assert.False(Accelerator.HasVirtualizationFlag("flags\t\t: fpu vmxnotreally svm_lock\n"));
        }

        [Fact]
        public void HasVirtualizationFlag_VmxOutsideFlagsLine_IsNotAFlag()
        {
            Assert.False(Accelerator.HasVirtualizationFlag("vmx flags\t: ept vpid\nflags\t\t: fpu sse\n"));
        }

        [Fact]
        public void Tcg_UsesCpuMax()
        {
            AcceleratorChoice choice = Accelerator.Choose(AcceleratorRequest.Tcg, "", kvmUsable: false);
            Assert.Equal(("tcg", "max"), (choice.QemuAccel, choice.QemuCpu));
        }

        [Fact]
        public void Kvm_UsesCpuHost()
        {
            AcceleratorChoice choice = Accelerator.Choose(AcceleratorRequest.Kvm, "", kvmUsable: false);
            Assert.Equal(("kvm", "host"), (choice.QemuAccel, choice.QemuCpu));
        }
    }
}
