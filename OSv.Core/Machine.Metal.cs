using OSv.Core.Arch.X64;

namespace OSv.Core
{
    public static partial class Machine
    {
        private const string PlatformName = "metal";

        private static int ProcessorCountCore => Sched.Smp.OnlineCount;

        private static long RescheduleInterruptsSentCore => Sched.Scheduler.RescheduleIpisSent;

        // QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4,iosize=0x04).
        private const ushort DebugExitPort = 0xF4;

        private static void PanicCore(string reason) => Diagnostics.Panic.Stop(reason);

        private static unsafe void PanicAsciiCore(System.ReadOnlySpan<byte> reason)
        {
            fixed (byte* text = reason)
                Cpu.PanicHere(text, reason.Length);
        }

        private static void ExitCore(int exitCode) => ExitMachine(exitCode);

        internal static void ExitMachine(int exitCode) => ExitWithStatus(ClampExitCode(exitCode) + 1);

        internal static void ExitWithStatus(int status)
        {
            Cpu.OutUInt32(DebugExitPort, (uint)status);
            // Without the exit device (another VMM), stop the CPU instead.
            Cpu.HaltForever();
        }
    }
}
