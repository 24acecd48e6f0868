// Instructions that fault on purpose, at known addresses (cpu.S), for tests of fault handlers
// (Faults.InstallManagedFaultHandler): the kernel's test image and the runtime's. Each probe is a
// leaf without a frame, so at the fault rsp holds the return address: a handler may resume at
// the entry of any function with the same signature, which then returns to the probe's caller.
using System.Runtime;
using System.Runtime.CompilerServices;

namespace OSv.Core.Platform
{
    public static unsafe class FaultProbes
    {
        // [Start, End): every probe instruction (the code range to install a handler for).
        public static ulong Start => Range(0);

        public static ulong End => Range(1);

        // Reads the 8 bytes at address (a low address: #PF).
        public static ulong Read64(ulong address) => ProbeRead64(address);

        // dividend / divisor, unsigned (divisor 0: #DE).
        public static ulong Divide(ulong dividend, ulong divisor) => ProbeDivide(dividend, divisor);

        private static ulong Range(int index)
        {
            ulong* startAndEnd = stackalloc ulong[2];
            ProbesRange(startAndEnd);
            return startAndEnd[index];
        }

        [RuntimeImport("osv_probe_read64"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern ulong ProbeRead64(ulong address);

        [RuntimeImport("osv_probe_divide"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern ulong ProbeDivide(ulong dividend, ulong divisor);

        [RuntimeImport("osv_fault_probes_range"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern void ProbesRange(ulong* startAndEnd);
    }
}
