// The C library's threads inside a running program: the hooks that give each new thread a TLS
// block from the program's linker, run its start routine in an assembly frame pthread_exit can
// leave to, and end it there; and exit() called on a thread other than the main one.
namespace OSv.Libc.Process
{
    using System.Runtime.InteropServices;
    using OSv.Libc.Threads;

    public static unsafe class ProgramThreads
    {
        internal static void Install()
        {
            LibcThread.CreateThreadPointer = &CreateThreadPointer;
            LibcThread.ReleaseThreadPointer = &ReleaseThreadPointer;
            LibcThread.RunStartRoutine = &RunStartRoutine;
            Abi.AbiShims.SetSlot(Abi.AbiShims.ShimSlot.ThreadExitPrepare, (nint)(delegate* unmanaged<nint, nint>)&ThreadExitPrepare);
        }

        private static ulong CreateThreadPointer() => ProgramLinker.CreateThreadBlock();

        private static void ReleaseThreadPointer(ulong threadPointer) => ProgramLinker.ReleaseThreadBlock(threadPointer);

        private static nint RunStartRoutine(nint start, nint argument)
        {
            LibcThread self = LibcThread.Current;
            if (self.LeaveContext == null)
                self.LeaveContext = (long*)Memory.CellMemory.AllocateZeroed(sizeof(long));
            return Abi.AbiShims.RunThread(start, argument, self.LeaveContext);
        }

        // libc.S pthread_exit: record the value, then leave to the start routine's frame, which
        // returns into LibcThread's Finish (destructors, join). On the program's main thread it
        // ends the program with status 0 once handlers ran, as exit(0) would (glibc would first
        // wait for the other threads). A thread the C library did not start has nowhere to go.
        [UnmanagedCallersOnly]
        private static nint ThreadExitPrepare(nint value)
        {
            LibcThread self = LibcThread.Current;
            self.ReturnValue = value;
            self.ExitRequested = true;
            if (self.LeaveContext != null && self.IsCreated)
                return (nint)self.LeaveContext;
            return ProgramExit.Leave(0, runHandlers: true);
        }

        internal static nint LeaveFromOtherThread(int status)
        {
            LibcThread self = LibcThread.Current;
            if (self.LeaveContext != null && self.IsCreated)
            {
                self.ExitRequested = true;
                return (nint)self.LeaveContext;
            }
            OSv.Core.Machine.Exit(status);
            return 0;
        }
    }
}
