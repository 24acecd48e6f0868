// Where the C library's memory comes from: whole 4 KiB pages, from the kernel's page-frame
// allocator in an image (PageSource.Metal.cs) or from the host's mmap when hosted
// (PageSource.Hosted.cs). Returns null when memory is exhausted; callers turn that into ENOMEM.
namespace OSv.Libc.Memory
{
    public static unsafe partial class PageSource
    {
        public const int PageBytes = 4096;

        public static nuint RoundUpToPages(nuint bytes) => (bytes + PageBytes - 1) & ~(nuint)(PageBytes - 1);

        /// <summary>Zeroed, page-aligned memory of at least <paramref name="bytes"/>, or null.</summary>
        public static byte* Allocate(nuint bytes) => AllocateCore(RoundUpToPages(bytes));

        /// <summary>Returns memory from <see cref="Allocate"/> with the same size.</summary>
        public static void Free(byte* pages, nuint bytes) => FreeCore(pages, RoundUpToPages(bytes));
    }
}
