// The malloc family as C functions (C11 7.22.3, POSIX, glibc extensions) over Heap.cs, with
// glibc 2.36's edge cases:
//   malloc(0) returns a unique pointer; free(NULL) does nothing; realloc(NULL, n) is malloc(n);
//   realloc(p, 0) frees p and returns NULL; calloc and reallocarray refuse n * size overflow
//   with ENOMEM; posix_memalign wants a power-of-two multiple of sizeof(void*) (else EINVAL,
//   returned, errno untouched) and returns ENOMEM instead of setting errno; memalign and
//   aligned_alloc round a non-power-of-two alignment up to the next power of two (glibc
//   _mid_memalign) and treat alignments ≤ 16 as malloc; valloc aligns to the page; pvalloc also
//   rounds the size up to whole pages.
using System.Runtime.InteropServices;
using OSv.Libc.Errors;

namespace OSv.Libc.Memory
{
    public static unsafe class MemoryExports
    {
        [UnmanagedCallersOnly] public static byte* malloc(nuint bytes) => Heap.Allocate(bytes);
        [UnmanagedCallersOnly] public static void free(byte* payload) => Heap.Free(payload);
        [UnmanagedCallersOnly] public static byte* realloc(byte* payload, nuint bytes) => Heap.Reallocate(payload, bytes);
        [UnmanagedCallersOnly] public static nuint malloc_usable_size(byte* payload) => Heap.UsableSize(payload);

        [UnmanagedCallersOnly]
        public static byte* calloc(nuint count, nuint size)
        {
            if (size != 0 && count > nuint.MaxValue / size)
                return OutOfMemory();
            return Heap.AllocateZeroed(count * size);
        }

        [UnmanagedCallersOnly]
        public static byte* reallocarray(byte* payload, nuint count, nuint size)
        {
            if (size != 0 && count > nuint.MaxValue / size)
                return OutOfMemory();
            return Heap.Reallocate(payload, count * size);
        }

        [UnmanagedCallersOnly]
        public static int posix_memalign(byte** result, nuint alignment, nuint bytes)
        {
            if (alignment % (nuint)sizeof(nint) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0)
                return ErrnoCodes.EINVAL;
            int saved = Errno.Get();
            byte* payload = Heap.AllocateAligned(alignment, bytes);
            if (payload == null)
            {
                Errno.Set(saved);
                return ErrnoCodes.ENOMEM;
            }
            *result = payload;
            return 0;
        }

        [UnmanagedCallersOnly] public static byte* memalign(nuint alignment, nuint bytes) => AlignedLikeGlibc(alignment, bytes);
        [UnmanagedCallersOnly] public static byte* aligned_alloc(nuint alignment, nuint bytes) => AlignedLikeGlibc(alignment, bytes);
        [UnmanagedCallersOnly] public static byte* valloc(nuint bytes) => Heap.AllocateAligned(PageSource.PageBytes, bytes);

        [UnmanagedCallersOnly]
        public static byte* pvalloc(nuint bytes)
        {
            if (bytes > nuint.MaxValue - PageSource.PageBytes)
                return OutOfMemory();
            return Heap.AllocateAligned(PageSource.PageBytes, PageSource.RoundUpToPages(bytes));
        }

        // glibc _mid_memalign: small alignments are plain malloc, others round up to a power of two.
        private static byte* AlignedLikeGlibc(nuint alignment, nuint bytes)
        {
            if (alignment <= SizeClasses.GranularityBytes)
                return Heap.Allocate(bytes);
            if (alignment > (nuint.MaxValue >> 1) + 1)
            {
                Errno.Set(ErrnoCodes.EINVAL);
                return null;
            }
            nuint powerOfTwo = alignment;
            if ((alignment & (alignment - 1)) != 0)
                powerOfTwo = (nuint)1 << (System.Numerics.BitOperations.Log2(alignment) + 1);
            return Heap.AllocateAligned(powerOfTwo, bytes);
        }

        private static byte* OutOfMemory()
        {
            Errno.Set(ErrnoCodes.ENOMEM);
            return null;
        }

        public static void Register(OSv.Libc.Abi.ExportTable table)
        {
            table.Add("malloc"u8, (nint)(delegate* unmanaged<nuint, byte*>)&malloc);
            table.Add("free"u8, (nint)(delegate* unmanaged<byte*, void>)&free);
            table.Add("cfree"u8, (nint)(delegate* unmanaged<byte*, void>)&free);
            table.Add("calloc"u8, (nint)(delegate* unmanaged<nuint, nuint, byte*>)&calloc);
            table.Add("realloc"u8, (nint)(delegate* unmanaged<byte*, nuint, byte*>)&realloc);
            table.Add("reallocarray"u8, (nint)(delegate* unmanaged<byte*, nuint, nuint, byte*>)&reallocarray);
            table.Add("posix_memalign"u8, (nint)(delegate* unmanaged<byte**, nuint, nuint, int>)&posix_memalign);
            table.Add("aligned_alloc"u8, (nint)(delegate* unmanaged<nuint, nuint, byte*>)&aligned_alloc);
            table.Add("memalign"u8, (nint)(delegate* unmanaged<nuint, nuint, byte*>)&memalign);
            table.Add("valloc"u8, (nint)(delegate* unmanaged<nuint, byte*>)&valloc);
            table.Add("pvalloc"u8, (nint)(delegate* unmanaged<nuint, byte*>)&pvalloc);
            table.Add("malloc_usable_size"u8, (nint)(delegate* unmanaged<byte*, nuint>)&malloc_usable_size);
            table.Add("__libc_malloc"u8, (nint)(delegate* unmanaged<nuint, byte*>)&malloc);
            table.Add("__libc_free"u8, (nint)(delegate* unmanaged<byte*, void>)&free);
            table.Add("__libc_calloc"u8, (nint)(delegate* unmanaged<nuint, nuint, byte*>)&calloc);
            table.Add("__libc_realloc"u8, (nint)(delegate* unmanaged<byte*, nuint, byte*>)&realloc);
            table.Add("__libc_memalign"u8, (nint)(delegate* unmanaged<nuint, nuint, byte*>)&memalign);
        }
    }
}
