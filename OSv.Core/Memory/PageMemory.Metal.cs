// Whole pages for libraries above the kernel (the C library's heap, the ELF loader's mappings):
// identity-mapped runs from the page-frame allocator that the caller may give back. Unlike the
// kernel's own requests, running out is the caller's to handle (a C program sees ENOMEM).
namespace OSv.Core.Memory
{
    public static unsafe class PageMemory
    {
        public const int PageBytes = 4096;

        /// <summary>count zeroed, contiguous pages, or null when memory is exhausted.</summary>
        public static byte* TryAllocatePages(int count)
        {
            ulong flags = Arch.X64.Cpu.DisableInterrupts();
            bool ok = PhysicalMemory.Frames.TryAllocateRun(Arch.X64.Cpu.CurrentIndex(), count, out ulong run);
            Arch.X64.Cpu.RestoreInterrupts(flags);
            if (!ok)
                return null;
            new System.Span<byte>((byte*)run, count * PageBytes).Clear();
            return (byte*)run;
        }

        /// <summary>Returns a run from <see cref="TryAllocatePages"/>, with the same count.</summary>
        public static void FreePages(byte* pages, int count) =>
            PhysicalMemory.Frames.FreeRun((ulong)pages, count);
    }
}
