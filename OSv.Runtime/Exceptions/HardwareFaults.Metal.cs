// CPU faults in managed code become managed exceptions, as in NativeAOT: a divide error becomes
// DivideByZeroException, or OverflowException when its divisor is not zero (DivideErrorDecoder
// decodes the faulting DIV/IDIV: int.MinValue / -1), and a page fault at a low address (a field
// or element of a null reference) NullReferenceException. OSv.Core's fault path calls OnFault for #DE and for #PF below
// 64 KiB when the faulting rip lies in ilc's code; it rewrites the interrupted frame so that the
// CPU resumes in RhpThrowHwEx(exceptionCode, faultingRip) (Arch/X64/exceptions.S), which builds
// the ExInfo and enters CoreLib's dispatch with the faulting instruction as the first frame.
// Anything else (a fault in the kernel, the runtime's assembly, a high address) stays a panic.
//
// Installed by startup before Main (RuntimeStart.BeforeMain). CoreLib builds the exception through
// its classlib's GetRuntimeException, which answers only once reflection's execution environment
// exists (RuntimeExceptionHelpers.SafeToPerformRichExceptionSupport): images therefore compile
// and initialize System.Private.Reflection.Execution (OSv.Sdk.targets), or ilc folds that
// callback to "return null" and every fault fails fast.
using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using OSv.Core.Platform;

namespace OSv.Runtime.Exceptions;

internal static unsafe class HardwareFaults
{
    // CoreLib's HwExceptionCode (10.0.12's metadata): an access below 64 KiB is reported as
    // STATUS_NATIVEAOT_NULL_REFERENCE (0); STATUS_ACCESS_VIOLATION would make CoreLib fail fast,
    // as NativeAOT does for a wild access.
    private const uint NullReference = 0;
    private const uint IntegerDivideByZero = 0xC0000094;
    private const uint IntegerOverflow = 0xC0000095;

    private static ulong s_managedCodeEnd;

    public static void Install()
    {
        ExceptionTables.GetManagedCodeRange(out ulong start, out ulong end);
        s_managedCodeEnd = end;
        Faults.InstallManagedFaultHandler(&OnFault, start, end);
    }

    private static bool OnFault(ManagedFault* fault)
    {
        fault->Rdi = fault->Vector == ManagedFaultPolicy.DivideErrorVector ? DivideErrorCode(fault) : NullReference;
        fault->Rsi = fault->Rip;
        fault->Rip = (ulong)ThrowHwEntry();
        return true;
    }

    // Decodes the faulting divide before the frame is rewritten. The code span stops at the end
    // of managed code (Faults only calls for a rip inside it), so reading it cannot fault.
    private static uint DivideErrorCode(ManagedFault* fault)
    {
        ulong available = s_managedCodeEnd - fault->Rip;
        int length = available < DivideErrorDecoder.MaxInstructionBytes ? (int)available : DivideErrorDecoder.MaxInstructionBytes;
        var code = new ReadOnlySpan<byte>((byte*)fault->Rip, length);
        var context = new FaultContext(fault);
        return DivideErrorDecoder.Classify(code, fault->Rip, ref context) == DivideErrorKind.Overflow
            ? IntegerOverflow : IntegerDivideByZero;
    }

    // The decoder's view of the interrupted context. A memory divisor is read only at a canonical
    // address above the never-mapped null area: the CPU fetched it before raising #DE, so a
    // correctly decoded address is mapped; the checks keep a wrong one from faulting in here.
    private readonly struct FaultContext : IDivideFaultContext
    {
        private readonly ManagedFault* _fault;

        public FaultContext(ManagedFault* fault) => _fault = fault;

        public ulong ReadRegister(int number) => _fault->Register(number);

        public bool TryReadMemory(ulong address, int sizeBytes, out ulong value)
        {
            value = 0;
            ulong last = address + (ulong)sizeBytes - 1;
            if (address < ManagedFaultPolicy.NullAreaBytes || last < address || !IsCanonical(address) || !IsCanonical(last))
                return false;
            value = sizeBytes switch
            {
                1 => *(byte*)address,
                2 => *(ushort*)address,
                4 => *(uint*)address,
                _ => *(ulong*)address,
            };
            return true;
        }

        private static bool IsCanonical(ulong address) => (ulong)((long)address >> 47) + 1 <= 1;
    }

    [RuntimeImport("osv_throw_hw_entry"), MethodImpl(MethodImplOptions.InternalCall)]
    private static extern void* ThrowHwEntry();
}
