// What the loader binds to when no loaded object defines a symbol: the host's own exports
// (OSv.Libc's C functions and data). Objects named in DT_NEEDED that the host provides
// (libc.so.6, libm.so.6, libpthread.so.0, libdl.so.2, ld-linux-x86-64.so.2) are never looked
// for as files; their symbols resolve here.
namespace OSv.Loader.Linking
{
    public interface IHostSymbols
    {
        /// <summary>True when <paramref name="soname"/> is a library the host implements itself.</summary>
        bool ProvidesLibrary(System.ReadOnlySpan<byte> soname);

        /// <summary>The address of a host function or data object named <paramref name="name"/>
        /// (no version suffix), or 0 when the host has none.</summary>
        nint Lookup(System.ReadOnlySpan<byte> name);

        /// <summary>An address to bind an unresolved function to: calling it stops the program with
        /// a message naming <paramref name="name"/>. Only for PLT (JUMP_SLOT) references.</summary>
        nint MissingFunctionStub(System.ReadOnlySpan<byte> name);
    }
}
