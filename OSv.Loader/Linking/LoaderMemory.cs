// The loader's platform seam (style rule 2): where object spans, thread blocks and start-vector
// strings come from, how protections are applied and where random bytes come from.
//   Hosted (LoaderMemory.Hosted.cs): anonymous mmap, mprotect and munmap of the host's libc, so
//     a loaded object's text really is read+execute and its RELRO read-only;
//     RandomNumberGenerator for AT_RANDOM and the stack-protector canary.
//   Metal (LoaderMemory.Metal.cs): identity-mapped pages from OSv.Core.Memory.PageMemory. The
//     kernel maps all RAM read/write/execute and has no per-page protection API yet, so Protect
//     records nothing and RELRO is not enforced (an object writing its RELRO would not fault).
//     Random bytes come from the clock mixed with SplitMix64: not cryptographic, enough to make
//     the canary differ per boot and per thread.
// Memory from Reserve is zeroed, page-aligned and read+write until Protect changes it.
namespace OSv.Loader.Linking
{
    public static unsafe partial class LoaderMemory
    {
        public const int PageBytes = LoaderLimits.PageBytes;

        public static ulong RoundUpToPages(ulong bytes) => (bytes + PageBytes - 1) & ~(ulong)(PageBytes - 1);

        /// <summary>Zeroed read+write pages covering <paramref name="bytes"/>, or null.</summary>
        public static byte* Reserve(ulong bytes) =>
            bytes == 0 || bytes > (ulong)LoaderLimits.ObjectSpanBytesMax ? null : ReserveCore(RoundUpToPages(bytes));

        /// <summary>Gives back a <see cref="Reserve"/> result of the same size.</summary>
        public static void Release(byte* start, ulong bytes) => ReleaseCore(start, RoundUpToPages(bytes));

        /// <summary>Sets page protections from ELF p_flags (PF_W/PF_X) on whole pages. Pages always
        /// stay readable: the loader reads its tables wherever an object put them (a segment whose
        /// flags lack PF_R must not turn a table read into a fault).</summary>
        public static bool Protect(byte* pageStart, ulong bytes, uint elfFlags) =>
            bytes == 0 || ProtectCore(pageStart, RoundUpToPages(bytes), elfFlags | OSv.Loader.Elf.ElfConstants.PfRead);

        public static void FillRandom(byte* destination, int bytes) => FillRandomCore(destination, bytes);
    }
}
