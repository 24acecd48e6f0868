// C exports of the process area: exit-time registration and the start of main.
namespace OSv.Libc.Process
{
    using System.Runtime.InteropServices;
    using OSv.Libc.Abi;

    public static unsafe class ProcessExports
    {
        /// <summary>Called with (argc, argv, envp) when a program's main is about to run (set by
        /// the environment area: environ, program_invocation_name).</summary>
        public static delegate*<int, byte**, byte**, void> ProgramStarting;

        public static void Register(ExportTable table)
        {
            table.Add("__cxa_atexit"u8, (nint)(delegate* unmanaged<nint, nint, nint, int>)&CxaAtExit);
            table.Add("atexit"u8, (nint)(delegate* unmanaged<nint, int>)&AtExitExport);
            table.Add("__cxa_finalize"u8, (nint)(delegate* unmanaged<nint, void>)&CxaFinalize);
            table.Add("__cxa_thread_atexit_impl"u8, (nint)(delegate* unmanaged<nint, nint, nint, int>)&CxaThreadAtExit);
            AbiShims.SetSlot(AbiShims.ShimSlot.StartMain, (nint)(delegate* unmanaged<int, byte**, byte**>)&StartMain);
            ProgramExit.BindSlots();
        }

        [UnmanagedCallersOnly]
        private static int CxaAtExit(nint function, nint argument, nint sharedObject) =>
            AtExit.Register(function, argument, sharedObject);

        [UnmanagedCallersOnly]
        private static int AtExitExport(nint function) => AtExit.Register(function, 0, 0);

        [UnmanagedCallersOnly]
        private static void CxaFinalize(nint sharedObject) => AtExit.RunFor(sharedObject);

        // C++ thread_local destructors. Only the main thread's are run (at exit, before the
        // atexit handlers registered earlier, as glibc does); other threads' are dropped.
        [UnmanagedCallersOnly]
        private static int CxaThreadAtExit(nint function, nint argument, nint sharedObject) =>
            AtExit.Register(function, argument, sharedObject);

        // libc.S __libc_start_main: the environment follows argv's terminating null (as the
        // initial process stack lays them out).
        [UnmanagedCallersOnly]
        private static byte** StartMain(int argc, byte** argv)
        {
            byte** envp = argv + argc + 1;
            if (ProgramStarting != null)
                ProgramStarting(argc, argv, envp);
            return envp;
        }
    }
}
