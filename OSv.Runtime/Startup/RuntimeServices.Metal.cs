// The small services CoreLib asks of NativeAOT's native runtime, on our kernel: configuration
// knobs (none: the feature switches are compiled in by ilc), the runtime version, CPU count,
// thread identity, spinning and yielding, the thread-exit callback, and fail-fast. Also the
// target of the generated stubs (OSv.Sdk/build/generate-runtime-stubs.sh): a runtime symbol
// nobody has implemented yet panics naming itself.
using System.Runtime;
using OSv.Core;
using OSv.Core.Arch.X64;
using OSv.Core.Sched;
using OSv.Runtime.Memory;

namespace OSv.Runtime.Startup
{
    internal static unsafe class RuntimeServices
    {
        [RuntimeExport("RhGetKnobValues")]
        internal static uint GetKnobValues(byte*** keys, byte*** values)
        {
            *keys = null;
            *values = null;
            return 0;
        }

        [RuntimeExport("RhGetRuntimeVersion")]
        internal static byte* GetRuntimeVersion(int* length)
        {
            System.ReadOnlySpan<byte> version = "10.0.12 (OSv.NET)"u8;
            *length = version.Length;
            fixed (byte* text = version)
                return text; // u8 literals live in the image's read-only data
        }

        [RuntimeExport("RhGetProcessCpuCount")]
        internal static int GetProcessCpuCount()
        {
            int count = Machine.ProcessorCount;
            return count > 0 ? count : 1;
        }

        // Non-zero and stable for the thread's life: the kernel thread's address (threads are
        // not freed while they run; a thread that never ran managed code has no identity yet).
        [RuntimeExport("RhCurrentOSThreadId")]
        internal static ulong CurrentOsThreadId()
        {
            long address = Scheduler.AddressOf(Cpu.CurrentThread());
            return address != 0 ? (ulong)address : 1;
        }

        [RuntimeExport("RhSpinWait")]
        internal static void SpinWait(int iterations)
        {
            for (int i = 0; i < iterations; i++)
                Cpu.Pause();
        }

        // Gives the CPU to another runnable thread, if any (Thread.Yield, SpinWait's sleep-0
        // steps: a spinning thread must let the thread it waits for run on a shared CPU).
        // Returns 1: the kernel does not say whether another thread ran, and CoreLib only uses
        // the answer as a hint.
        [RuntimeExport("RhYield")]
        internal static int Yield()
        {
            Thread.Yield();
            return 1;
        }

        [RuntimeExport("RhSetThreadExitCallback")]
        internal static void SetThreadExitCallback(delegate* unmanaged<void> callback) => Pal.ThreadExit.Register(callback);

        [RuntimeExport("RhpFallbackFailFast")]
        internal static void FallbackFailFast() => Fail.Stop("runtime: fail-fast (RhpFallbackFailFast)"u8);

        [RuntimeExport("osv_runtime_missing_export")]
        internal static void MissingExport(byte* name)
        {
            byte* message = stackalloc byte[160];
            int length = Append(message, 0, "runtime: not implemented yet: "u8);
            for (int i = 0; name[i] != 0 && length < 159; i++)
                message[length++] = name[i];
            Cpu.PanicHere(message, length);
        }

        private static int Append(byte* message, int length, System.ReadOnlySpan<byte> text)
        {
            for (int i = 0; i < text.Length; i++)
                message[length++] = text[i];
            return length;
        }
    }
}
