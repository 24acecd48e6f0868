// Which QEMU accelerator `osv run` uses. KVM runs our images only on real hardware
// virtualisation: some hosts have a /dev/kvm (kvm_pvm, software nested virtualisation) that opens
// fine but emulates guest kernel code and dies at the first SSE instruction. Such hosts show
// neither `vmx` nor `svm` in /proc/cpuinfo, so `auto` asks for both signs. Pure: the caller
// reads the host.
using System;

namespace OSv.Tool
{
    internal enum AcceleratorRequest
    {
        Auto,
        Kvm,
        Tcg,
    }

    internal enum AcceleratorKind
    {
        Kvm,
        Tcg,
    }

    // The choice and the reason, which `osv run` prints so a slow run is never a mystery.
    internal readonly record struct AcceleratorChoice(AcceleratorKind Kind, string Reason)
    {
        public string Name => Kind == AcceleratorKind.Kvm ? "kvm" : "tcg";

        // QEMU's -accel and -cpu values: TCG emulates every feature RyuJIT may use (`max`);
        // KVM passes the host CPU through.
        public string QemuAccel => Name;

        public string QemuCpu => Kind == AcceleratorKind.Kvm ? "host" : "max";

        public string Describe() => Reason.Length == 0 ? Name : Name + " (" + Reason + ")";
    }

    internal static class Accelerator
    {
        public static AcceleratorChoice Choose(AcceleratorRequest request, string cpuInfo, bool kvmUsable)
        {
            if (request == AcceleratorRequest.Kvm)
                return new AcceleratorChoice(AcceleratorKind.Kvm, "forced by --accel kvm");
            if (request == AcceleratorRequest.Tcg)
                return new AcceleratorChoice(AcceleratorKind.Tcg, "forced by --accel tcg");
            if (!HasVirtualizationFlag(cpuInfo))
                return new AcceleratorChoice(AcceleratorKind.Tcg, "no vmx/svm in /proc/cpuinfo");
            if (!kvmUsable)
                return new AcceleratorChoice(AcceleratorKind.Tcg, "/dev/kvm cannot be opened read-write");
            return new AcceleratorChoice(AcceleratorKind.Kvm, "");
        }

        // True when a "flags" line of /proc/cpuinfo names vmx (Intel VT-x) or svm (AMD-V) as a
        // whole word.
        public static bool HasVirtualizationFlag(string cpuInfo)
        {
            foreach (string line in cpuInfo.Split('\n'))
            {
                int colon = line.IndexOf(':');
                if (colon < 0 || line.Substring(0, colon).Trim() != "flags")
                    continue;
                string[] flags = line.Substring(colon + 1).Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (Array.IndexOf(flags, "vmx") >= 0 || Array.IndexOf(flags, "svm") >= 0)
                    return true;
            }
            return false;
        }
    }
}
