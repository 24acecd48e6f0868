// The dynamic linker of the running program, for the C entry points that reach it:
// dlopen/dlsym/dlclose/dlerror, __tls_get_addr, and the executable's initialisers, which
// __libc_start_main runs (as glibc does) just before main.
namespace OSv.Libc.Process
{
    using System;
    using System.Runtime.InteropServices;
    using OSv.Loader.Linking;

    public static unsafe class ProgramLinker
    {
        private const int ErrorBytesMax = 256;

        // dlopen of a library the C library itself is (libm.so.6, libdl.so.2...): a handle whose
        // symbols are the export table's. OSv.Loader's handles are small positive numbers.
        private const int HostLibraryHandle = int.MaxValue;

        // The linker is not thread-safe: dlopen/dlsym/dlclose and new threads' TLS blocks (which
        // a dlopen may extend) take this lock.
        private static readonly OSv.Core.Sync.Mutex s_lock = new OSv.Core.Sync.Mutex();
        private static DynamicLinker? s_current;
        private static byte* s_errorText;

        public static DynamicLinker? Current => s_current;

        internal static void Enter(DynamicLinker linker) => s_current = linker;

        internal static void Leave() => s_current = null;

        public static void Register(Abi.ExportTable table)
        {
            table.Add("dlopen"u8, (nint)(delegate* unmanaged<byte*, int, nint>)&DlOpen);
            table.Add("dlsym"u8, (nint)(delegate* unmanaged<nint, byte*, nint>)&DlSym);
            table.Add("dlvsym"u8, (nint)(delegate* unmanaged<nint, byte*, byte*, nint>)&DlVSym);
            table.Add("dlclose"u8, (nint)(delegate* unmanaged<nint, int>)&DlClose);
            table.Add("dlerror"u8, (nint)(delegate* unmanaged<byte*>)&DlError);
            table.Add("__tls_get_addr"u8, (nint)(delegate* unmanaged<ulong*, nint>)&TlsGetAddress);
        }

        // RTLD_DEFAULT is 0 and RTLD_NEXT is -1 in glibc; both search the global scope here.
        private static int HandleOf(nint handle) => handle == -1 ? 0 : (int)handle;

        [UnmanagedCallersOnly]
        private static nint DlOpen(byte* name, int flags)
        {
            DynamicLinker? linker = s_current;
            if (linker == null)
                return 0;
            if (name == null)
                return linker.Executable?.Handle ?? 0;
            var soname = new ReadOnlySpan<byte>(name, (int)OSv.Libc.String.CStrings.Length(name));
            if (LibcHostSymbols.IsProvidedLibrary(soname))
                return HostLibraryHandle;
            s_lock.Lock();
            int handle = linker.Open(soname);
            s_lock.Unlock();
            return handle;
        }

        [UnmanagedCallersOnly]
        private static nint DlSym(nint handle, byte* name) => Symbol(handle, name);

        [UnmanagedCallersOnly]
        private static nint DlVSym(nint handle, byte* name, byte* version) => Symbol(handle, name);

        // The global scope (RTLD_DEFAULT, RTLD_NEXT) ends with the C library's own exports, as
        // glibc's includes libc.so.6.
        private static nint Symbol(nint handle, byte* name)
        {
            DynamicLinker? linker = s_current;
            if (linker == null || name == null)
                return 0;
            var symbol = new ReadOnlySpan<byte>(name, (int)OSv.Libc.String.CStrings.Length(name));
            if (handle == HostLibraryHandle)
                return LibcExports.Table.Lookup(symbol);
            s_lock.Lock();
            nint address = linker.Symbol(HandleOf(handle), symbol);
            if (address == 0 && HandleOf(handle) == 0)
            {
                address = LibcExports.Table.Lookup(symbol);
                if (address != 0)
                    linker.TakeLastError();
            }
            s_lock.Unlock();
            return address;
        }

        [UnmanagedCallersOnly]
        private static int DlClose(nint handle)
        {
            DynamicLinker? linker = s_current;
            if (handle == HostLibraryHandle)
                return 0;
            if (linker == null)
                return -1;
            s_lock.Lock();
            int result = linker.Close((int)handle);
            s_lock.Unlock();
            return result;
        }

        /// <summary>Frees a thread's TLS block once its C code has finished.</summary>
        internal static void ReleaseThreadBlock(ulong threadPointer)
        {
            DynamicLinker? linker = s_current;
            if (linker == null)
                return;
            s_lock.Lock();
            linker.Tls.ReleaseThreadBlock(threadPointer);
            s_lock.Unlock();
        }

        /// <summary>A TLS block for a new thread of the running program (0 when none runs).</summary>
        internal static ulong CreateThreadBlock()
        {
            DynamicLinker? linker = s_current;
            if (linker == null)
                return 0;
            s_lock.Lock();
            ulong threadPointer = linker.Tls.CreateThreadBlock();
            s_lock.Unlock();
            return threadPointer;
        }

        // The message stays valid until the next dlerror, as POSIX allows.
        [UnmanagedCallersOnly]
        private static byte* DlError()
        {
            string? error = s_current?.TakeLastError();
            if (error == null)
                return null;
            if (s_errorText == null)
                s_errorText = Memory.CellMemory.AllocateZeroed(ErrorBytesMax);
            int length = 0;
            for (; length < error.Length && length < ErrorBytesMax - 1; length++)
                s_errorText[length] = error[length] < 0x80 ? (byte)error[length] : (byte)'?';
            s_errorText[length] = 0;
            return s_errorText;
        }

        // General-dynamic TLS (psABI: tls_index {module, offset}): the address in the calling
        // thread's block of that module.
        [UnmanagedCallersOnly]
        private static nint TlsGetAddress(ulong* index)
        {
            DynamicLinker? linker = s_current;
            ulong threadPointer = ProgramThreadPointer.Current();
            if (linker == null || threadPointer == 0)
                return 0;
            return (nint)linker.Tls.GetAddress(threadPointer, index[0], index[1]);
        }
    }
}
