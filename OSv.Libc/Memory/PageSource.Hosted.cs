namespace OSv.Libc.Memory
{
    public static unsafe partial class PageSource
    {
        private static byte* AllocateCore(nuint bytes)
        {
            nint result = NativeImports.Mmap(0, bytes, NativeImports.ProtectRead | NativeImports.ProtectWrite,
                NativeImports.MapPrivate | NativeImports.MapAnonymous, -1, 0);
            return result == -1 ? null : (byte*)result;
        }

        private static void FreeCore(byte* pages, nuint bytes) => NativeImports.Munmap((nint)pages, bytes);
    }
}
