// Explicit bounds on what the loader accepts (style rule 3): an object beyond any of them is
// refused with a message naming the limit, never half-loaded. Sizes derive from what real
// objects need with a wide margin: Debian's lua5.4 + libreadline + libtinfo use 13 program
// headers, ~40 dynamic entries, 4 DT_NEEDED each and a few thousand relocations.
namespace OSv.Loader.Linking
{
    public static class LoaderLimits
    {
        /// <summary>Objects loaded at once (executable, its dependencies and dlopen'ed ones).</summary>
        public const int ObjectsMax = 64;
        public const int ProgramHeadersMax = 64;
        public const long ObjectSpanBytesMax = 1L << 30;
        /// <summary>Highest virtual address (exclusive) an object may name: the user half of x86-64.</summary>
        public const ulong VirtualAddressLimit = 1UL << 47;
        public const int DynamicEntriesMax = 1024;
        public const int NeededMax = 32;
        public const long RelocationsMax = 1L << 22;
        public const long InitFunctionsMax = 1L << 14;
        /// <summary>Slots of the per-object resolution cache (a power of two): Debian's
        /// libreadline, the largest object lua5.4 loads, has ~1,000 dynamic symbols.</summary>
        public const int ResolutionCacheSlots = 1024;
        /// <summary>Longest symbol, soname or path read from an object's string table.</summary>
        public const int NameBytesMax = 4096;
        public const int PageBytes = 4096;
        /// <summary>Largest host data object a COPY relocation reads (stdout, environ, optind... are 4-8 bytes).</summary>
        public const ulong HostCopyBytesMax = 256;

        // Thread-local storage (TlsLayout).
        public const int TlsModulesMax = ObjectsMax;
        public const ulong TlsAlignmentMax = PageBytes;
        public const ulong TlsBlockBytesMax = 1UL << 24;
        /// <summary>Static TLS kept free for objects dlopen'ed after the first thread block exists.</summary>
        public const ulong StaticTlsSurplusBytes = 2048;
        /// <summary>The thread control block above the thread pointer: word 0 self, 0x10 self
        /// (pthread_self), 0x28 stack-protector canary, 0x30 pointer guard; the rest zero.</summary>
        public const int ThreadControlBlockBytes = 0x100;
        /// <summary>Live thread blocks the layout tracks, to initialize late-loaded TLS modules in.</summary>
        public const int ThreadBlocksMax = 4096;

        /// <summary>Words of the initial process stack's auxiliary vector, AT_NULL included.</summary>
        public const int AuxiliaryPairsMax = 24;
    }
}
