using System;
using System.Runtime.InteropServices;

namespace OSv.Runtime.Pal
{
    internal static unsafe partial class PalPages
    {
        private static byte* TryAllocateCore(int pageCount)
        {
            nuint bytes = (nuint)pageCount * PageBytes;
            byte* run = (byte*)NativeMemory.AlignedAlloc(bytes, PageBytes);
            if (run != null)
                NativeMemory.Clear(run, bytes);
            return run;
        }

        private static void FreeCore(byte* pages, int pageCount) => NativeMemory.AlignedFree(pages);
    }
}
