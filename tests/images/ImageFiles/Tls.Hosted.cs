// Hosted there is no FS base of ours: the thread pointer is only stored, so reads go through it.
using System.Runtime.InteropServices;
using OSv.Core.Sched;

internal static unsafe class Tls
{
    public static ulong ReadWord(long offset) => *(ulong*)(Thread.Current.ThreadPointer + (ulong)offset);
}

internal static unsafe class PinnedArrays
{
    // Hosted the collector moves arrays: take unmanaged memory instead (never freed; a test).
    public static void* AsPointerForever(this ulong[] array) => NativeMemory.AllocZeroed((nuint)(array.Length * sizeof(ulong)));
}
