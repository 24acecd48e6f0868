// What the program start gives the C library besides argc/argv: the environment and the
// program's name. The lead's program start (the equivalent of glibc's __libc_start_main and
// _dl_start) calls Initialize(envp) and SetProgramName(argv[0]) before any C code runs.
//
// The name lands in glibc's data objects: program_invocation_name (= __progname_full) is
// argv[0] itself, program_invocation_short_name (= __progname) the part after its last '/'.
// They are cells in unmanaged memory exported by address. A loaded executable that copied one
// of these data objects (a COPY relocation, as gcc emits for `extern char **environ` in a PIE)
// owns the real cell from then on: the loader calls MoveEnvironmentCell so that this library
// uses the program's copy.
namespace OSv.Libc.Environ
{
    public static unsafe class ProgramEnvironment
    {
        private static byte** s_invocationName;
        private static byte** s_invocationShortName;

        /// <summary>Cell of program_invocation_name / __progname_full (char*).</summary>
        public static byte** InvocationNameCell => EnsureCells(ref s_invocationName);

        /// <summary>Cell of program_invocation_short_name / __progname (char*).</summary>
        public static byte** InvocationShortNameCell => EnsureCells(ref s_invocationShortName);

        /// <summary>Program start: `environ` becomes <paramref name="environment"/> (the envp array,
        /// NULL-terminated; it stays the program's, edited in place by unsetenv), and the CPU-time
        /// clocks start counting.</summary>
        public static void Initialize(byte** environment)
        {
            EnvironmentTable.Reset(environment);
            OSv.Libc.Time.ProgramClock.MarkStart();
        }

        /// <summary>Sets the program-name cells from argv[0] (which must outlive the program, as
        /// argv does); a NULL argv0 gives empty names.</summary>
        public static void SetProgramName(byte* argv0)
        {
            byte* name = argv0;
            if (name == null)
            {
                fixed (byte* empty = "\0"u8)
                    name = empty; // literal data: never moves
            }
            byte* shortName = name;
            for (byte* cursor = name; *cursor != 0; cursor++)
            {
                if (*cursor == (byte)'/')
                    shortName = cursor + 1;
            }
            *InvocationNameCell = name;
            *InvocationShortNameCell = shortName;
        }

        /// <summary>After a COPY relocation of `environ` (or `__environ`) into the executable.</summary>
        public static void MoveEnvironmentCell(byte*** programCell) => EnvironmentTable.MoveCell(programCell);

        private static byte** EnsureCells(ref byte** cell)
        {
            if (s_invocationName == null)
            {
                s_invocationName = (byte**)OSv.Libc.Memory.CellMemory.AllocateZeroed((nuint)sizeof(byte*));
                s_invocationShortName = (byte**)OSv.Libc.Memory.CellMemory.AllocateZeroed((nuint)sizeof(byte*));
            }
            return cell;
        }
    }
}
