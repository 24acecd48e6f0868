// C exports of the process area: exit-time registration and the start of main.
namespace OSv.Libc.Process
{
    using System.Runtime.InteropServices;
    using OSv.Libc.Abi;

    public static unsafe class ProcessExports
    {
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

        // libc.S __libc_start_main: the environment follows argv's terminating null, and the
        // auxiliary vector the environment's (the initial process stack's layout). Then the
        // executable's own initialisers, as glibc's __libc_start_main runs them, just before main.
        [UnmanagedCallersOnly]
        private static byte** StartMain(int argc, byte** argv)
        {
            byte** envp = argv + argc + 1;
            byte** auxv = envp;
            while (*auxv != null)
                auxv++;
            Environ.ProgramEnvironment.Initialize(envp);
            Environ.ProgramEnvironment.SetProgramName(argc > 0 ? argv[0] : null);
            Posix.AuxiliaryVector.Install((ulong*)(auxv + 1));
            string? error = ProgramLinker.Current?.RunExecutableInitializers(argc, argv, envp);
            if (error != null)
                ProgramMessages.Report("initialisers failed: "u8, default);
            return envp;
        }
    }
}
