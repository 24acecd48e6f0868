// Memory that holds code the C library writes at run time: the hosted copy of libc.S and the
// per-name stubs for functions a program imports but the library lacks. From executable pages
// (ExecutableMemory.Hosted.cs: mmap with PROT_EXEC; on metal every identity-mapped page is
// executable), never freed: a program imports a bounded set of names.
namespace OSv.Libc.Abi
{
    public static unsafe partial class ExecutableMemory
    {
        private static readonly OSv.Libc.Memory.BumpArena s_arena = new OSv.Libc.Memory.BumpArena(&AllocatePages);

        public static byte* Allocate(nuint bytes) => s_arena.Allocate(bytes);
    }
}
