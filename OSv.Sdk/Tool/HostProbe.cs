// The host facts the accelerator choice needs, read from the machine. Kept apart from
// Accelerator.cs so that the decision stays pure and testable.
using System;
using System.IO;

namespace OSv.Tool
{
    internal static class HostProbe
    {
        public const string CpuInfoPath = "/proc/cpuinfo";
        public const string KvmDevicePath = "/dev/kvm";

        // Empty when unreadable (not Linux, or no /proc): then no flag is seen and TCG is chosen.
        public static string ReadCpuInfo()
        {
            try
            {
                return File.ReadAllText(CpuInfoPath);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return "";
            }
        }

        // QEMU opens /dev/kvm read-write; a device it cannot open is as good as none.
        public static bool CanOpenKvm()
        {
            try
            {
                using (File.OpenHandle(KvmDevicePath, FileMode.Open, FileAccess.ReadWrite))
                    return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
