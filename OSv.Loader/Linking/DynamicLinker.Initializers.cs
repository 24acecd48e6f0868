// Running objects' constructors and destructors (see DynamicLinker.cs for the order). Each
// function pointer is read from the relocated array and must lie in an executable segment of
// its own object; 0 and -1 entries are skipped, as glibc does.
namespace OSv.Loader.Linking
{
    using OSv.Loader.Elf;

    public sealed unsafe partial class DynamicLinker
    {
        /// <summary>Runs the executable's DT_PREINIT_ARRAY (once), then the initializers of every
        /// loaded object not yet initialized, dependencies first, as ld.so's _dl_init does. The
        /// executable's own DT_INIT/DT_INIT_ARRAY run here only with <paramref name="includeExecutable"/>
        /// (a start path without __libc_start_main); otherwise RunExecutableInitializers runs them.
        /// Null or an error.</summary>
        public string? RunInitializers(int argc, byte** argv, byte** envp, bool includeExecutable = false)
        {
            _argumentCount = argc;
            _arguments = argv;
            _environment = envp;
            string? error = RunPreinitializers();
            for (int i = 0; error == null && i < _count; i++)
                error = InitializeTree(_objects[i]!, includeExecutable);
            return error;
        }

        /// <summary>The executable's DT_INIT and DT_INIT_ARRAY, once: what glibc's __libc_start_main
        /// runs (call_init) since 2.34. Runs the preinit array first if RunInitializers has not.
        /// Null or an error.</summary>
        public string? RunExecutableInitializers(int argc, byte** argv, byte** envp)
        {
            if (_executable == null || _executableConstructorsRun)
                return null;
            _executableConstructorsRun = true;
            return RunPreinitializers() ?? CallInitializers(_executable, argc, argv, envp);
        }

        private string? RunPreinitializers()
        {
            if (_executable == null || _executablePreinitRun)
                return null;
            _executablePreinitRun = true;
            DynamicInfo dynamic = _executable.File.Dynamic;
            return CallArray(_executable, dynamic.PreinitArray, dynamic.PreinitArrayBytes, _argumentCount, _arguments, _environment);
        }

        /// <summary>Runs every initialized object's finalizers, in reverse initialization order.</summary>
        public void RunFinalizers()
        {
            for (int i = _initCount - 1; i >= 0; i--)
            {
                LoadedObject obj = _initOrder[i]!;
                if (!obj.Finalized)
                    Finalize(obj);
            }
        }

        // Depth-first post-order; Visited marks objects on the current path (a DT_NEEDED cycle).
        private string? InitializeTree(LoadedObject obj, bool includeExecutable)
        {
            if (obj.Initialized || obj.Visited)
                return null;
            obj.Visited = true;
            string? error = null;
            for (int k = 0; error == null && k < obj.DependencyCount; k++)
                error = InitializeTree(obj.Dependencies[k]!, includeExecutable);
            obj.Visited = false;
            if (error != null)
                return error;
            obj.Initialized = true;
            _initOrder[_initCount++] = obj;
            if (!obj.IsExecutable)
                return CallInitializers(obj, _argumentCount, _arguments, _environment);
            if (!includeExecutable)
                return null;
            return RunExecutableInitializers(_argumentCount, _arguments, _environment);
        }

        private string? CallInitializers(LoadedObject obj, int argc, byte** argv, byte** envp)
        {
            DynamicInfo dynamic = obj.File.Dynamic;
            if (dynamic.Init != 0)
            {
                string? error = CallOne(obj, obj.Address(dynamic.Init), argc, argv, envp);
                if (error != null)
                    return error;
            }
            return CallArray(obj, dynamic.InitArray, dynamic.InitArrayBytes, argc, argv, envp);
        }

        private string? CallArray(LoadedObject obj, ulong array, ulong bytes, int argc, byte** argv, byte** envp)
        {
            for (ulong offset = 0; offset < bytes; offset += 8)
            {
                nint function = *(nint*)obj.Address(array + offset);
                if (function == 0 || function == -1)
                    continue;
                string? error = CallOne(obj, function, argc, argv, envp);
                if (error != null)
                    return error;
            }
            return null;
        }

        private string? CallOne(LoadedObject obj, nint function, int argc, byte** argv, byte** envp)
        {
            if (!obj.ContainsCode(function))
                return string.Concat("initializer ", LoaderText.Hex((ulong)function), " outside the code of ", obj.ToString());
            if (_executeObjectCode)
                ((delegate* unmanaged<int, byte**, byte**, void>)function)(argc, argv, envp);
            return null;
        }

        private void Finalize(LoadedObject obj)
        {
            obj.Finalized = true;
            DynamicInfo dynamic = obj.File.Dynamic;
            for (ulong offset = dynamic.FiniArrayBytes; offset >= 8; offset -= 8)
                CallFinalizer(obj, *(nint*)obj.Address(dynamic.FiniArray + offset - 8));
            if (dynamic.Fini != 0)
                CallFinalizer(obj, obj.Address(dynamic.Fini));
        }

        private void CallFinalizer(LoadedObject obj, nint function)
        {
            if (function == 0 || function == -1 || !obj.ContainsCode(function) || !_executeObjectCode)
                return;
            ((delegate* unmanaged<void>)function)();
        }
    }
}
