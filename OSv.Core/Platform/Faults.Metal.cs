// The hook through which the runtime takes managed faults (see ManagedFault.cs). cpu.S calls
// osv_exception_filter for every CPU exception before the panic; without an installed handler,
// or for a fault the policy does not give to the runtime, it answers "panic" and nothing changes.
//
// Caller rules: install once the runtime can take exceptions, with the range of managed code
// (the link's __managedcode_start/__managedcode_end once the image has them). The handler runs
// with interrupts off, on the faulting thread's stack or, for #PF, on the CPU's fault stack
// (IST1): it must not block, allocate, or fault itself (a fault inside it is not at a managed
// rip, unless the range covers the handler, so it panics).
using System.Runtime.InteropServices;
using OSv.Core.Arch.X64;

namespace OSv.Core.Platform
{
    public static unsafe class Faults
    {
        private static delegate*<ManagedFault*, bool> s_handler;
        private static ulong s_codeStart;
        private static ulong s_codeEnd;
        private static long s_handledCount;

        // Faults the handler asked to resume.
        public static long HandledCount => s_handledCount;

        // Installs the handler for faults at rips in [codeStart, codeEnd); null uninstalls.
        // A plain store of three words: install before any thread can take such a fault.
        public static void InstallManagedFaultHandler(delegate*<ManagedFault*, bool> handler, ulong codeStart, ulong codeEnd)
        {
            s_handler = null; // never the new handler with the old range
            s_codeStart = codeStart;
            s_codeEnd = codeEnd;
            s_handler = handler;
        }

        // Returns 1 when the frame was rewritten and the CPU should resume it, 0 to panic.
        [UnmanagedCallersOnly(EntryPoint = "osv_exception_filter")]
        private static int Filter(TrapFrame* frame)
        {
            delegate*<ManagedFault*, bool> handler = s_handler;
            if (handler == null)
                return 0;
            ulong faultAddress = frame->Vector == ManagedFaultPolicy.PageFaultVector ? Cpu.ReadCr2() : 0;
            if (!ManagedFaultPolicy.IsManagedFault(frame->Vector, faultAddress, frame->Rip, frame->Rflags, s_codeStart, s_codeEnd))
                return 0;
            ManagedFault fault;
            fault.Vector = frame->Vector;
            fault.ErrorCode = frame->ErrorCode;
            fault.FaultAddress = faultAddress;
            fault.Rip = frame->Rip;
            fault.Rsp = frame->Rsp;
            fault.Rdi = frame->Rdi;
            fault.Rsi = frame->Rsi;
            fault.Rax = frame->Rax;
            fault.Rcx = frame->Rcx;
            fault.Rdx = frame->Rdx;
            fault.Rbx = frame->Rbx;
            fault.Rbp = frame->Rbp;
            fault.R8 = frame->R8;
            fault.R9 = frame->R9;
            fault.R10 = frame->R10;
            fault.R11 = frame->R11;
            fault.R12 = frame->R12;
            fault.R13 = frame->R13;
            fault.R14 = frame->R14;
            fault.R15 = frame->R15;
            if (!handler(&fault))
                return 0;
            frame->Rip = fault.Rip;
            frame->Rdi = fault.Rdi;
            frame->Rsi = fault.Rsi;
            s_handledCount++;
            return 1;
        }
    }
}
