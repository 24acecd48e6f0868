namespace OSv.Libc.Abi
{
    public static unsafe partial class ExecutableMemory
    {
        private static byte* AllocatePages(nuint bytes)
        {
            nuint rounded = OSv.Libc.Memory.PageSource.RoundUpToPages(bytes);
            nint pages = NativeImports.Mmap(0, rounded,
                NativeImports.ProtectRead | NativeImports.ProtectWrite | NativeImports.ProtectExecute,
                NativeImports.MapPrivate | NativeImports.MapAnonymous, -1, 0);
            OSv.Core.Diagnostics.Invariant.Assert(pages != -1, "mmap of executable memory for the C library failed");
            return (byte*)pages;
        }
    }
}
