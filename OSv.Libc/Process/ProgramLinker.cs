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
            return linker.Open(new ReadOnlySpan<byte>(name, ProgramMessages.CStringLength(name)));
        }

        [UnmanagedCallersOnly]
        private static nint DlSym(nint handle, byte* name) => Symbol(handle, name);

        [UnmanagedCallersOnly]
        private static nint DlVSym(nint handle, byte* name, byte* version) => Symbol(handle, name);

        private static nint Symbol(nint handle, byte* name)
        {
            DynamicLinker? linker = s_current;
            if (linker == null || name == null)
                return 0;
            return linker.Symbol(HandleOf(handle), new ReadOnlySpan<byte>(name, ProgramMessages.CStringLength(name)));
        }

        [UnmanagedCallersOnly]
        private static int DlClose(nint handle) => s_current?.Close((int)handle) ?? -1;

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
