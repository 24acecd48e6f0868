// The one C program running on this machine (OSv runs one application per VM; hosted, tests run
// programs one after another). Holds what exit needs to leave the program: the context saved by
// osv_abi_run_entry on the program's main thread, the exit status, and the finaliser hook of the
// loader that loaded it.
namespace OSv.Libc.Process
{
    public sealed unsafe class ProgramContext
    {
        public const int ExitStatusMissingFunction = 127;
        public const int ExitStatusAbort = 134;

        private static ProgramContext? s_current;

        internal ProgramContext(OSv.Core.Sched.Thread mainThread, string name)
        {
            MainThread = mainThread;
            Name = name;
            LeaveContext = (long*)OSv.Libc.Memory.CellMemory.AllocateZeroed(sizeof(long));
        }

        public static ProgramContext? Current => s_current;

        public OSv.Core.Sched.Thread MainThread { get; }

        public string Name { get; }

        /// <summary>Where osv_abi_run_entry saved the stack pointer of the program's caller.</summary>
        public long* LeaveContext { get; }

        public int ExitStatus { get; internal set; }

        public bool Exited { get; internal set; }

        /// <summary>Runs the loaded objects' fini arrays (set by whoever loaded the program).</summary>
        public System.Action? RunFinalizers { get; set; }

        internal static void Enter(ProgramContext program) => s_current = program;

        internal static void Leave() => s_current = null;
    }
}
