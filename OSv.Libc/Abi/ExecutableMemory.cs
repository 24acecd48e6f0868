// Memory that holds code the C library writes at run time: the hosted copy of libc.S and the
// per-name stubs for functions a program imports but the library lacks. Bump-allocated from
// executable pages (ExecutableMemory.Hosted.cs: mmap with PROT_EXEC; on metal every identity-
// mapped page is executable) and never freed: a program imports a bounded set of names.
namespace OSv.Libc.Abi
{
    public static unsafe partial class ExecutableMemory
    {
        private const int ChunkBytes = 64 * 1024;
        private static readonly OSv.Core.Sync.Mutex s_lock = new OSv.Core.Sync.Mutex();
        private static byte* s_next;
        private static nuint s_left;

        public static byte* Allocate(nuint bytes)
        {
            nuint rounded = (bytes + 15) & ~(nuint)15;
            s_lock.Lock();
            byte* result;
            if (rounded > ChunkBytes)
            {
                result = AllocatePages(rounded);
            }
            else
            {
                if (s_left < rounded)
                {
                    s_next = AllocatePages(ChunkBytes);
                    s_left = ChunkBytes;
                }
                result = s_next;
                s_next += rounded;
                s_left -= rounded;
            }
            s_lock.Unlock();
            return result;
        }
    }
}
