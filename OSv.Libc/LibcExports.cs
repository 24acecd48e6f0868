// Everything the C library exports, by C name: built once, when the first program is loaded.
// Each area registers its own functions and data; then the variadic shims are pointed at the
// v* functions the areas provided.
namespace OSv.Libc
{
    using OSv.Libc.Abi;

    public static class LibcExports
    {
        private static ExportTable? s_table;
        private static readonly OSv.Core.Sync.Mutex s_lock = new OSv.Core.Sync.Mutex();

        public static ExportTable Table
        {
            get
            {
                s_lock.Lock();
                s_table ??= Build();
                s_lock.Unlock();
                return s_table;
            }
        }

        private static ExportTable Build()
        {
            AbiShims.Initialize();
            var table = new ExportTable();
            Memory.MemoryExports.Register(table);
            String.StringExports.Register(table);
            String.CharacterExports.Register(table);
            String.StdlibExports.Register(table);
            Format.FormatExports.Register(table);
            Math.MathExports.Register(table);
            Errors.ErrnoExports.Register(table);
            Files.FileExports.Register(table);
            Stdio.StdioExports.Register(table);
            Threads.ThreadExports.Register(table);
            Time.TimeExports.Register(table);
            Environ.EnvironmentExports.Register(table);
            Locale.LocaleExports.Register(table);
            Signals.SignalExports.Register(table);
            Posix.SystemExports.Register(table);
            Process.ProcessExports.Register(table);
            Process.ProgramLinker.Register(table);
            Process.ProgramThreads.Install();
            // Last, so that the assembly versions of exit, abort and pthread_exit win over any
            // C# ones an area registered.
            AbiShims.Register(table);
            AbiShims.BindVariadicSlots(table);
            return table;
        }
    }
}
