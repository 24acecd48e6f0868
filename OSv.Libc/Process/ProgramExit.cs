// How a C program ends. exit, _exit, abort, __stack_chk_fail, the fortify checks and missing
// functions enter through libc.S, which calls one of the functions below for the work that may
// run C code (atexit handlers, fini arrays, flushing streams, a message) and then leaves to the
// context returned: the one osv_abi_run_entry saved, so the program's caller sees the status as
// a return value. Only C frames are skipped on the way out, never C# ones.
//
// Order at exit, as glibc's exit(3): handlers registered with atexit/__cxa_atexit in reverse,
// then the loaded objects' fini arrays (glibc's _dl_fini, registered before main), then every
// stream is flushed.
namespace OSv.Libc.Process
{
    using System;
    using System.Runtime.InteropServices;

    public static unsafe class ProgramExit
    {
        internal static void BindSlots()
        {
            Abi.AbiShims.SetSlot(Abi.AbiShims.ShimSlot.ExitPrepare, (nint)(delegate* unmanaged<int, nint>)&ExitPrepare);
            Abi.AbiShims.SetSlot(Abi.AbiShims.ShimSlot.ExitImmediate, (nint)(delegate* unmanaged<int, nint>)&ExitImmediate);
            Abi.AbiShims.SetSlot(Abi.AbiShims.ShimSlot.AbortPrepare, (nint)(delegate* unmanaged<nint>)&AbortPrepare);
            Abi.AbiShims.SetSlot(Abi.AbiShims.ShimSlot.StackCheckFailed, (nint)(delegate* unmanaged<nint>)&StackCheckFailed);
            Abi.AbiShims.SetSlot(Abi.AbiShims.ShimSlot.FortifyFailed, (nint)(delegate* unmanaged<byte*, nint>)&FortifyFailed);
            Abi.AbiShims.SetSlot(Abi.AbiShims.ShimSlot.MissingFunction, (nint)(delegate* unmanaged<byte*, nint>)&MissingFunctionCalled);
        }

        [UnmanagedCallersOnly]
        private static nint ExitPrepare(int status) => Leave(status & 0xFF, runHandlers: true);

        [UnmanagedCallersOnly]
        private static nint ExitImmediate(int status) => Leave(status & 0xFF, runHandlers: false);

        internal static nint Leave(int status, bool runHandlers)
        {
            if (runHandlers)
            {
                AtExit.RunAll();
                ProgramContext.Current?.RunFinalizers?.Invoke();
            }
            Stdio.Streams.FlushAllAtExit();
            return Finish(status);
        }

        [UnmanagedCallersOnly]
        private static nint AbortPrepare()
        {
            Stdio.Streams.FlushAllAtExit();
            return Finish(ProgramContext.ExitStatusAbort);
        }

        [UnmanagedCallersOnly]
        private static nint StackCheckFailed()
        {
            ProgramMessages.Report("*** stack smashing detected ***: terminated"u8, default);
            return Finish(ProgramContext.ExitStatusAbort);
        }

        [UnmanagedCallersOnly]
        private static nint FortifyFailed(byte* message)
        {
            ProgramMessages.Report("*** buffer overflow detected ***: terminated"u8, default);
            return Finish(ProgramContext.ExitStatusAbort);
        }

        [UnmanagedCallersOnly]
        private static nint MissingFunctionCalled(byte* name)
        {
            ProgramMessages.Report("called a C library function that OSv.Libc does not implement: "u8,
                new ReadOnlySpan<byte>(name, (int)OSv.Libc.String.CStrings.Length(name)));
            return Finish(ProgramContext.ExitStatusMissingFunction);
        }

        // The main thread leaves to where the program was started. Another thread ending the
        // program: on metal the machine exits (one application per VM); hosted, the status is
        // recorded and that thread ends as if pthread_exit had been called.
        private static nint Finish(int status)
        {
            ProgramContext? program = ProgramContext.Current;
            OSv.Core.Diagnostics.Invariant.Assert(program != null, "exit called with no C program running");
            program!.ExitStatus = status;
            program.Exited = true;
            if (OSv.Core.Sched.Thread.Current == program.MainThread)
                return (nint)program.LeaveContext;
            return ProgramThreads.LeaveFromOtherThread(status);
        }
    }
}
