// The C library's hot paths allocate no managed memory (the image has no collector: every managed
// allocation would leak): once warm, a round of calls through our exports leaves this thread's
// allocated-bytes counter unchanged (AllocationMeter).
using System;
using System.Runtime.InteropServices;
using OSv.Testing;
using Xunit;

namespace OSv.Libc.Tests.Memory
{
    public sealed unsafe class AllocationFreeTests
    {
        [UnmanagedCallersOnly]
        private static int CompareBytes(void* left, void* right) => *(byte*)left - *(byte*)right;

        // Looked up once, outside the measured rounds (the lookup itself allocates: test code).
        private static readonly delegate* unmanaged<nuint, byte*> malloc = (delegate* unmanaged<nuint, byte*>)CLibraries.Ours("malloc");
        private static readonly delegate* unmanaged<byte*, void> free = (delegate* unmanaged<byte*, void>)CLibraries.Ours("free");
        private static readonly delegate* unmanaged<byte*, nuint, byte*> realloc = (delegate* unmanaged<byte*, nuint, byte*>)CLibraries.Ours("realloc");
        private static readonly delegate* unmanaged<nuint, nuint, byte*> calloc = (delegate* unmanaged<nuint, nuint, byte*>)CLibraries.Ours("calloc");
        private static readonly delegate* unmanaged<byte*, byte*, nuint, byte*> memcpy = (delegate* unmanaged<byte*, byte*, nuint, byte*>)CLibraries.Ours("memcpy");
        private static readonly delegate* unmanaged<byte*, nuint> strlen = (delegate* unmanaged<byte*, nuint>)CLibraries.Ours("strlen");
        private static readonly delegate* unmanaged<byte*, byte*, byte*> strstr = (delegate* unmanaged<byte*, byte*, byte*>)CLibraries.Ours("strstr");
        private static readonly delegate* unmanaged<byte*, byte*, nuint> strspn = (delegate* unmanaged<byte*, byte*, nuint>)CLibraries.Ours("strspn");
        private static readonly delegate* unmanaged<int, byte*> strerror = (delegate* unmanaged<int, byte*>)CLibraries.Ours("strerror");
        private static readonly delegate* unmanaged<int, int> isalpha = (delegate* unmanaged<int, int>)CLibraries.Ours("isalpha");
        private static readonly delegate* unmanaged<byte*, nuint, nuint, delegate* unmanaged<void*, void*, int>, void> qsort = (delegate* unmanaged<byte*, nuint, nuint, delegate* unmanaged<void*, void*, int>, void>)CLibraries.Ours("qsort");
        private static readonly delegate* unmanaged<int> rand = (delegate* unmanaged<int>)CLibraries.Ours("rand");

        private static void Round(byte* scratch)
        {
            for (int i = 0; i < 100; i++)
            {
                byte* small = malloc(24);
                byte* large = calloc(1, 300_000);
                small = realloc(small, 4000);
                memcpy(small, scratch, 64);
                strlen(scratch);
                strstr(scratch, scratch + 10);
                strspn(scratch, scratch + 20);
                strerror(i % 140);
                isalpha(i);
                qsort(scratch, 64, 1, &CompareBytes);
                rand();
                free(small);
                free(large);
            }
        }

        [Fact]
        public void HotPaths_AfterWarmUp_AllocateNoManagedMemory()
        {
            using var scratch = new NativeBuffer(4096);
            new Random(5).NextBytes(scratch.Span.Slice(0, 2000));
            scratch.Span[100] = 0;
            long allocated = AllocationMeter.SteadyStateBytes(() => Round(scratch.Pointer));
            Assert.Equal(0, allocated);
        }
    }
}
