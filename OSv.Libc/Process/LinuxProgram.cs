// Running an unmodified Linux program: load the executable and what it needs (OSv.Loader),
// give its main thread a TLS block and a big stack, run the dependencies' initialisers, lay out
// the initial process stack (argc, argv, envp, auxv) and jump to _start as ld.so would. The
// program ends through exit (or main returning to __libc_start_main), which leaves back here
// with the status (Process/ProgramExit.cs). One program runs at a time.
namespace OSv.Libc.Process
{
    using System;
    using OSv.Loader.Linking;

    public sealed unsafe class LinuxProgram
    {
        /// <summary>The main thread's stack, as Linux's default 8 MiB RLIMIT_STACK.</summary>
        public const int MainStackBytes = 8 << 20;
        public const int ArgumentBytesMax = 128 * 1024;

        private static readonly OSv.Core.Sync.Mutex s_oneAtATime = new OSv.Core.Sync.Mutex();

        private readonly IObjectFiles _files;
        private readonly string _path;
        private readonly string[] _arguments;
        private readonly string[] _environment;
        private ProgramResult _result;

        private LinuxProgram(IObjectFiles files, string path, string[] arguments, string[] environment)
        {
            _files = files;
            _path = path;
            _arguments = arguments;
            _environment = environment;
        }

        /// <summary>Runs the program <paramref name="path"/> (found through
        /// <paramref name="files"/>) with <paramref name="arguments"/> as argv (argv[0]
        /// included) and <paramref name="environment"/> ("NAME=value" strings).</summary>
        public static ProgramResult Run(IObjectFiles files, string path, string[] arguments, string[] environment)
        {
            var program = new LinuxProgram(files, path, arguments, environment);
            s_oneAtATime.Lock();
            OSv.Core.Sched.Thread main = OSv.Core.Sched.Thread.Start(program.RunOnMainThread, "c-main", MainStackBytes);
            main.Join();
            s_oneAtATime.Unlock();
            return program._result;
        }

        private void RunOnMainThread()
        {
            Abi.ExportTable exports = OSv.Libc.LibcExports.Table;
            var linker = new DynamicLinker(new LibcHostSymbols(exports), _files);
            long loadStarted = OSv.Core.Time.Clock.NowNanoseconds;
            LoadResult loaded = linker.LoadExecutable(ProgramStrings.ToUtf8(_path));
            long loadNanoseconds = OSv.Core.Time.Clock.NowNanoseconds - loadStarted;
            if (!loaded.Ok)
            {
                _result = ProgramResult.Failed(loaded.Error!);
                return;
            }
            LoadedObject executable = loaded.Object!;
            if (executable.TlsModuleId != 0 && !ProgramThreadPointer.SupportsFsRelativeTls)
            {
                _result = ProgramResult.Failed(_path + ": the executable has its own thread-local storage, which compiled code reads through %fs: only images run it (hosted, TLS works in shared objects)");
                return;
            }
            _result = Start(linker, executable).WithLoadTime(loadNanoseconds);
        }

        private ProgramResult Start(DynamicLinker linker, LoadedObject executable)
        {
            byte[] argumentBlock = ProgramStrings.Block(_arguments);
            byte[] environmentBlock = ProgramStrings.Block(_environment);
            if (argumentBlock.Length + environmentBlock.Length > ArgumentBytesMax)
                return ProgramResult.Failed(_path + ": arguments and environment exceed " + "128 KiB");
            int words = StartVector.WordsNeeded(_arguments.Length, _environment.Length);
            ulong* vector = (ulong*)Memory.CellMemory.AllocateZeroed((nuint)words * 8);
            int written = StartVector.Write(new Span<ulong>(vector, words), executable, argumentBlock, environmentBlock, 0);
            if (written < 0)
                return ProgramResult.Failed(_path + ": could not lay out the initial process stack");

            AdoptCopiedEnvironment(linker, executable);
            ProgramThreadPointer.Install(linker.Tls.CreateThreadBlock());
            var program = new ProgramContext(OSv.Core.Sched.Thread.Current, ProgramStrings.BaseName(_path));
            program.RunFinalizers = linker.RunFinalizers;
            AtExit.Reset();
            Posix.SingleThreaded.MarkSingleThreaded();
            ProgramContext.Enter(program);
            ProgramLinker.Enter(linker);
            byte** argv = (byte**)(vector + 1);
            byte** envp = argv + _arguments.Length + 1;
            string? initError = linker.RunInitializers(_arguments.Length, argv, envp);
            long status = initError == null
                ? Abi.AbiShims.RunEntry(executable.EntryPoint, (byte*)vector, (long)written * 8, program.LeaveContext)
                : -1;
            ProgramLinker.Leave();
            ProgramContext.Leave();
            if (initError != null)
                return ProgramResult.Failed(initError);
            // exit and main's return pass the status through; abort, a missing function or a
            // smashed stack leave with theirs recorded in the program's context.
            return ProgramResult.Exited(program.Exited ? program.ExitStatus : (int)status);
        }

        // A PIE that names `environ` gets its own copy of the variable (an R_X86_64_COPY
        // relocation, psABI 4.4.1); from then on that copy is the one C code reads, so the
        // C library must keep its environment there too.
        private static void AdoptCopiedEnvironment(DynamicLinker linker, LoadedObject executable)
        {
            nint cell = linker.Symbol(executable.Handle, "environ"u8);
            if (cell == 0)
                cell = linker.Symbol(executable.Handle, "__environ"u8);
            linker.TakeLastError();
            if (cell != 0)
                Environ.ProgramEnvironment.MoveEnvironmentCell((byte***)cell);
        }
    }

    /// <summary>How a program ended: its exit status, or why it could not start.</summary>
    public readonly struct ProgramResult
    {
        private ProgramResult(int exitStatus, string? error, long loadNanoseconds = 0)
        {
            ExitStatus = exitStatus;
            Error = error;
            LoadNanoseconds = loadNanoseconds;
        }

        /// <summary>How long mapping and relocating the program and its libraries took.</summary>
        public long LoadNanoseconds { get; }

        internal ProgramResult WithLoadTime(long nanoseconds) => new ProgramResult(ExitStatus, Error, nanoseconds);

        public int ExitStatus { get; }

        /// <summary>Why the program could not be loaded or started; null when it ran.</summary>
        public string? Error { get; }

        public static ProgramResult Exited(int status) => new ProgramResult(status, null);

        public static ProgramResult Failed(string error) => new ProgramResult(-1, error);
    }
}
