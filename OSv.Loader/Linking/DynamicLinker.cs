// The dynamic linker: loads an executable or a dlopen'ed object with its DT_NEEDED closure,
// relocates, protects, initializes and later finalizes and unloads them.
//
// A load is a group: map the root, then breadth-first each mapped object's DT_NEEDED (names the
// host provides are skipped; a name or soname already loaded is reused, so each object is
// loaded once), then relocate the new objects in reverse load order (dependencies before
// dependents, so a COPY or an ifunc resolver in a dependent sees its definer relocated), then
// make RELRO read-only (segment protections are set when each object is mapped). Any error unwinds the whole group (spans released, TLS modules removed)
// and names the object. The global scope for symbol lookup is every loaded object in load order
// (the executable first), then the host (IHostSymbols). dlopen'ed objects join the global
// scope (as RTLD_GLOBAL); dlsym with a handle searches that object and its dependencies.
//
// Initializers (glibc elf/dl-init.c): the executable's DT_PREINIT_ARRAY first, then dependencies
// before dependents (depth-first post-order of the DT_NEEDED graph), each with (argc, argv,
// envp): DT_INIT then DT_INIT_ARRAY. The executable's own DT_INIT/DT_INIT_ARRAY run separately
// (RunExecutableInitializers), because since glibc 2.34 __libc_start_main runs them, not ld.so. Finalizers run in reverse initialization order:
// DT_FINI_ARRAY backwards, then DT_FINI. Every function pointer is checked to lie in an
// executable segment of its object before the call.
//
// Not thread-safe: callers (the libc's dlopen/dlclose exports) serialize calls.
namespace OSv.Loader.Linking
{
    using System;
    using OSv.Loader.Elf;

    public sealed unsafe partial class DynamicLinker
    {
        private readonly IHostSymbols _host;
        private readonly IObjectFiles _files;
        private readonly bool _executeObjectCode;
        private readonly LoadedObject?[] _objects = new LoadedObject?[LoaderLimits.ObjectsMax];
        private readonly LoadedObject?[] _initOrder = new LoadedObject?[LoaderLimits.ObjectsMax];
        private readonly LoadedObject?[] _closure = new LoadedObject?[LoaderLimits.ObjectsMax];
        private int _count, _initCount, _nextHandle = 1;
        private int _argumentCount;
        private byte** _arguments, _environment;
        private LoadedObject? _executable;
        private bool _executableConstructorsRun, _executablePreinitRun;

        /// <param name="executeObjectCode">False only for tests that load untrusted (fuzzed) objects:
        /// ifunc resolvers and initializers are then never called.</param>
        public DynamicLinker(IHostSymbols host, IObjectFiles files, bool executeObjectCode = true)
        {
            _host = host;
            _files = files;
            _executeObjectCode = executeObjectCode;
        }

        public TlsLayout Tls { get; } = new TlsLayout();
        public LoadedObject? Executable => _executable;
        public int ObjectCount => _count;
        public LoadedObject ObjectAt(int index) => _objects[index]!;
        /// <summary>The last Open/Symbol/Close failure (dlerror's text), or null.</summary>
        public string? LastError { get; private set; }

        /// <summary>dlerror: the last error, cleared by reading it.</summary>
        public string? TakeLastError()
        {
            string? error = LastError;
            LastError = null;
            return error;
        }

        /// <summary>Loads the program and its dependencies. Initializers are not run: call
        /// RunInitializers (and the libc's __libc_start_main runs RunExecutableInitializers).</summary>
        public LoadResult LoadExecutable(ReadOnlySpan<byte> name)
        {
            if (_executable != null)
                return new LoadResult(null, "an executable is loaded already");
            int start = _count;
            string? error = LoadGroup(name, out LoadedObject? root);
            if (error != null)
                return new LoadResult(null, error);
            root!.IsExecutable = true;
            _executable = root;
            for (int i = start; i < _count; i++)
                _objects[i]!.References++;
            return new LoadResult(root, null);
        }

        /// <summary>dlopen: loads (or reuses) <paramref name="name"/> and its dependencies and runs
        /// new initializers. Returns a handle, or 0 with LastError set (an initializer outside its
        /// object's code also fails the open and drops the reference again).</summary>
        public int Open(ReadOnlySpan<byte> name)
        {
            LoadedObject? root = FindLoaded(name);
            if (root == null)
            {
                string? error = LoadGroup(name, out root);
                if (error != null)
                {
                    LastError = error;
                    return 0;
                }
            }
            int members = CollectClosure(root!);
            for (int i = 0; i < members; i++)
                _closure[i]!.References++;
            string? initError = InitializeTree(root!, includeExecutable: false);
            if (initError != null)
            {
                Close(root!.Handle);
                LastError = initError;
                return 0;
            }
            return root!.Handle;
        }

        /// <summary>dlsym: handle 0 searches the global scope (RTLD_DEFAULT); otherwise the object and
        /// its dependencies, breadth-first. Returns 0 with LastError set when not found.</summary>
        public nint Symbol(int handle, ReadOnlySpan<byte> name)
        {
            LoadedObject? root = handle == 0 ? null : FindByHandle(handle);
            if (handle != 0 && root == null)
            {
                LastError = "invalid handle";
                return 0;
            }
            int members = root == null ? CopyGlobalScope() : CollectClosure(root);
            uint gnuHash = SymbolLookup.GnuHash(name), elfHash = SymbolLookup.ElfHash(name);
            for (int i = 0; i < members; i++)
            {
                LoadedObject obj = _closure[i]!;
                if (!SymbolLookup.TryFind(obj, name, gnuHash, elfHash, out Symbol symbol))
                    continue;
                if (symbol.Kind == ElfConstants.SttTls)
                    break;
                if (symbol.Kind == ElfConstants.SttGnuIfunc)
                {
                    string? error = CallResolver(obj, obj.SymbolAddress(symbol), out nint resolved);
                    LastError = error;
                    return error == null ? resolved : 0;
                }
                return obj.SymbolAddress(symbol);
            }
            LastError = string.Concat("undefined symbol: ", LoaderText.FromBytes(name));
            return 0;
        }

        /// <summary>dlclose: drops one reference from the object and its dependencies; those reaching
        /// zero are finalized (reverse initialization order) and unmapped; closing the executable's
        /// handle does nothing (as dlclose of dlopen(NULL)). 0, or -1 with LastError set.</summary>
        public int Close(int handle)
        {
            LoadedObject? root = FindByHandle(handle);
            if (root == null || root.References == 0)
            {
                LastError = "invalid handle";
                return -1;
            }
            if (root.IsExecutable)
                return 0;
            int members = CollectClosure(root);
            for (int i = 0; i < members; i++)
                _closure[i]!.References--;
            for (int i = _initCount - 1; i >= 0; i--)
            {
                LoadedObject obj = _initOrder[i]!;
                if (obj.References == 0 && !obj.Finalized)
                    Finalize(obj);
            }
            for (int i = _count - 1; i >= 0; i--)
            {
                LoadedObject obj = _objects[i]!;
                if (obj.References > 0)
                    continue;
                RemoveAt(i);
                RemoveFromInitOrder(obj);
                Tls.RetireModule(obj.TlsModuleId);
                ObjectMapper.Unmap(obj);
            }
            return 0;
        }

        public LoadedObject? FindByHandle(int handle)
        {
            for (int i = 0; i < _count; i++)
                if (_objects[i]!.Handle == handle)
                    return _objects[i];
            return null;
        }

        /// <summary>The loaded object whose load name or soname is <paramref name="name"/>.</summary>
        public LoadedObject? FindLoaded(ReadOnlySpan<byte> name)
        {
            for (int i = 0; i < _count; i++)
            {
                LoadedObject obj = _objects[i]!;
                if (name.SequenceEqual(obj.Name) || name.SequenceEqual(obj.Soname))
                    return obj;
            }
            return null;
        }

        private string? LoadGroup(ReadOnlySpan<byte> name, out LoadedObject? root)
        {
            int start = _count, modulesBefore = Tls.ModuleCount;
            string? error = MapNamed(name, null, out root);
            for (int i = start; error == null && i < _count; i++)
                error = LoadDependencies(_objects[i]!);
            for (int i = _count - 1; error == null && i >= start; i--)
                error = Relocator.Relocate(this, _objects[i]!);
            for (int i = start; error == null && i < _count; i++)
                error = ObjectMapper.ProtectRelro(_objects[i]!);
            if (error == null)
                return null;
            while (_count > start)
            {
                ObjectMapper.Unmap(_objects[--_count]!);
                _objects[_count] = null;
            }
            Tls.RemoveModulesAbove(modulesBefore);
            root = null;
            return error;
        }

        private string? LoadDependencies(LoadedObject obj)
        {
            DynamicInfo dynamic = obj.File.Dynamic;
            for (int k = 0; k < dynamic.NeededCount; k++)
            {
                if (!obj.TryReadString(dynamic.NeededOffsets[k], out ReadOnlySpan<byte> needed))
                    return string.Concat("unreadable DT_NEEDED name in ", obj.ToString());
                if (_host.ProvidesLibrary(needed))
                    continue;
                LoadedObject? dependency = FindLoaded(needed);
                if (dependency == null)
                {
                    string? error = MapNamed(needed, obj, out dependency);
                    if (error != null)
                        return error;
                }
                obj.Dependencies[obj.DependencyCount++] = dependency;
            }
            return null;
        }

        private string? MapNamed(ReadOnlySpan<byte> name, LoadedObject? neededBy, out LoadedObject? mapped)
        {
            mapped = null;
            string who = LoaderText.FromBytes(name);
            if (!_files.TryOpen(name, out byte* data, out long length))
                return neededBy == null
                    ? string.Concat("cannot find ", who)
                    : string.Concat("cannot find ", who, " (needed by ", neededBy.ToString(), ")");
            if (_count == LoaderLimits.ObjectsMax)
                return string.Concat("cannot load ", who, ": LoaderLimits.ObjectsMax objects are loaded");
            string? error = ElfParser.TryParse(data, length, out ElfFile? file)
                ?? ObjectMapper.Map(file!, name.ToArray(), _nextHandle, out mapped)
                ?? AddTlsModule(mapped!);
            if (error != null)
            {
                if (mapped != null)
                    ObjectMapper.Unmap(mapped);
                mapped = null;
                return string.Concat(who, ": ", error);
            }
            _nextHandle++;
            _objects[_count++] = mapped;
            return null;
        }

        private string? AddTlsModule(LoadedObject obj)
        {
            ElfFile file = obj.File;
            if (file.TlsIndex == ElfFile.None)
                return null;
            ref ProgramHeader tls = ref file.ProgramHeaders[file.TlsIndex];
            obj.TlsModuleId = Tls.AddModule(obj.Address(tls.VirtualAddress), tls.FileBytes, tls.MemoryBytes, tls.Alignment, tls.VirtualAddress);
            return obj.TlsModuleId == 0 ? "no static TLS space left for its PT_TLS block" : null;
        }

        private void RemoveAt(int index)
        {
            for (int i = index; i < _count - 1; i++)
                _objects[i] = _objects[i + 1];
            _objects[--_count] = null;
        }

        private void RemoveFromInitOrder(LoadedObject obj)
        {
            for (int i = 0; i < _initCount; i++)
            {
                if (_initOrder[i] != obj)
                    continue;
                for (int j = i; j < _initCount - 1; j++)
                    _initOrder[j] = _initOrder[j + 1];
                _initOrder[--_initCount] = null;
                return;
            }
        }

        private int CopyGlobalScope()
        {
            for (int i = 0; i < _count; i++)
                _closure[i] = _objects[i];
            return _count;
        }

        // Breadth-first: root, its DT_NEEDED objects, theirs... each once.
        private int CollectClosure(LoadedObject root)
        {
            int members = 0;
            _closure[members++] = root;
            root.Visited = true;
            for (int i = 0; i < members; i++)
            {
                LoadedObject obj = _closure[i]!;
                for (int k = 0; k < obj.DependencyCount; k++)
                {
                    LoadedObject dependency = obj.Dependencies[k]!;
                    if (dependency.Visited)
                        continue;
                    dependency.Visited = true;
                    _closure[members++] = dependency;
                }
            }
            for (int i = 0; i < members; i++)
                _closure[i]!.Visited = false;
            return members;
        }
    }
}
