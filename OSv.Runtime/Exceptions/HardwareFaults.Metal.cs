// CPU faults in managed code become managed exceptions, as in NativeAOT: a divide error becomes
// DivideByZeroException and a page fault at a low address (a field or element of a null
// reference) NullReferenceException. OSv.Core's fault path calls OnFault for #DE and for #PF below
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

    public static void Install()
    {
        ExceptionTables.GetManagedCodeRange(out ulong start, out ulong end);
        Faults.InstallManagedFaultHandler(&OnFault, start, end);
    }

    private static bool OnFault(ManagedFault* fault)
    {
        fault->Rdi = fault->Vector == ManagedFaultPolicy.DivideErrorVector ? IntegerDivideByZero : NullReference;
        fault->Rsi = fault->Rip;
        fault->Rip = (ulong)ThrowHwEntry();
        return true;
    }

    [RuntimeImport("osv_throw_hw_entry"), MethodImpl(MethodImplOptions.InternalCall)]
    private static extern void* ThrowHwEntry();
}
