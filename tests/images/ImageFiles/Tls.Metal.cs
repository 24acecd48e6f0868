// Reads through FS the way C code reads its TLS (mov rax, fs:[offset]).
using System.Runtime;
using System.Runtime.CompilerServices;

internal static class Tls
{
    [RuntimeImport("osv_read_fs_word"), MethodImpl(MethodImplOptions.InternalCall)]
    public static extern ulong ReadWord(long offset);
}

internal static unsafe class PinnedArrays
{
    // Objects never move on metal (no compacting collector), and nothing is ever freed.
    public static void* AsPointerForever(this ulong[] array) => Unsafe.AsPointer(ref array[0]);
}
