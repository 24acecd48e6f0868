// A CPU fault offered to the runtime before the kernel panics (Faults): NativeAOT turns a null
// dereference (#PF at a low address) and an integer division by zero (#DE) in managed code into
// NullReferenceException and DivideByZeroException, by redirecting the faulting context to its
// throw entry (RhpThrowHwEx: rip = the entry, rdi = the exception code, rsi = the faulting rip).
//
// ManagedFaultPolicy decides, from the vector, the faulting address, rip and interrupt flag alone,
// whether a fault is one the runtime may take; everything else keeps the kernel's panic (with
// registers and the faulting symbol): kernel bugs, stack overflows, faults in C code or assembly,
// a wild access above the null area (NativeAOT fails fast there too: an access violation that is
// not a null reference is not an exception), and any fault with interrupts off. Interrupts off
// means an interrupt handler or a spin-lock holder: exception dispatch would unwind it without
// releasing the lock or acknowledging the interrupt, so the kernel stops instead. Pure, so it is
// tested hosted.
namespace OSv.Core.Platform
{
    // The view of an interrupted context a fault handler gets. It may change Rip, Rdi and Rsi
    // and return true to resume there (iretq, every other register as it was), or return false
    // to let the kernel panic as it would without a handler. The other general registers are
    // there to be read (a #DE handler decodes the faulting divide's operand from them).
    public struct ManagedFault
    {
        public ulong Vector;       // 0 = #DE (divide error), 14 = #PF (page fault)
        public ulong ErrorCode;    // the CPU's error code (#PF: bit 0 present, bit 1 write, ...)
        public ulong FaultAddress; // #PF: CR2, the address accessed; 0 otherwise
        public ulong Rip;          // the faulting instruction; writable
        public ulong Rsp;          // the stack pointer at the fault (read only)
        public ulong Rdi;          // writable: first argument register at the resume point
        public ulong Rsi;          // writable: second argument register
        public ulong Rax, Rcx, Rdx, Rbx, Rbp;                  // read only
        public ulong R8, R9, R10, R11, R12, R13, R14, R15;     // read only

        // The register with x86 encoding number (0 rax, 1 rcx, 2 rdx, 3 rbx, 4 rsp, 5 rbp,
        // 6 rsi, 7 rdi, 8-15 r8-r15), as interrupted: before the handler changes Rdi or Rsi.
        public readonly ulong Register(int number) => number switch
        {
            0 => Rax, 1 => Rcx, 2 => Rdx, 3 => Rbx, 4 => Rsp, 5 => Rbp, 6 => Rsi, 7 => Rdi,
            8 => R8, 9 => R9, 10 => R10, 11 => R11, 12 => R12, 13 => R13, 14 => R14, 15 => R15,
            _ => 0,
        };
    }

    public static class ManagedFaultPolicy
    {
        public const ulong DivideErrorVector = 0;
        public const ulong PageFaultVector = 14;

        // Page faults below this address are null-based accesses (a field or element of a null
        // reference): NativeAOT's own bound for turning an access violation into a
        // NullReferenceException. Page 0 .. 15 are never mapped in an image (kernel.ld).
        public const ulong NullAreaBytes = 64 * 1024;

        // RFLAGS.IF: the interrupted context had interrupts enabled.
        public const ulong InterruptFlag = 0x200;

        // Whether the runtime may handle the fault: a #DE, or a #PF below NullAreaBytes, at an
        // instruction inside [codeStart, codeEnd) (the managed code), interrupted with
        // interrupts on (rflags is the interrupted context's).
        public static bool IsManagedFault(ulong vector, ulong faultAddress, ulong rip, ulong rflags, ulong codeStart, ulong codeEnd)
        {
            if (rip < codeStart || rip >= codeEnd)
                return false;
            if ((rflags & InterruptFlag) == 0)
                return false;
            if (vector == DivideErrorVector)
                return true;
            return vector == PageFaultVector && faultAddress < NullAreaBytes;
        }
    }
}
