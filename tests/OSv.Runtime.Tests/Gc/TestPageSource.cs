// A page source over native memory for the collector's tests: counts the pages it has handed
// out, fills fresh pages with a poison byte (so a heap that relied on zeroed pages fails) and
// freed ones with another before giving them back. The count lives in native memory so that
// the struct stays unmanaged and copies of it share it.
using System.Runtime.InteropServices;
using OSv.Runtime.Gc;

namespace OSv.Runtime.Tests.Gc
{
    internal unsafe struct TestPageSource : IPageSource
    {
        public const byte FreshPoison = 0xCD;
        public const byte FreedPoison = 0xDD;

        private long* _pagesOutstanding;

        public static TestPageSource Create()
        {
            var source = new TestPageSource { _pagesOutstanding = (long*)NativeMemory.AllocZeroed((nuint)sizeof(long)) };
            return source;
        }

        public long PagesOutstanding => *_pagesOutstanding;

        public void Destroy() => NativeMemory.Free(_pagesOutstanding);

        public byte* TryAllocatePages(int count)
        {
            nuint bytes = (nuint)count * GcLimits.PageBytes;
            var pages = (byte*)NativeMemory.AlignedAlloc(bytes, GcLimits.PageBytes);
            new System.Span<byte>(pages, (int)bytes).Fill(FreshPoison);
            *_pagesOutstanding += count;
            return pages;
        }

        public void FreePages(byte* pages, int count)
        {
            new System.Span<byte>(pages, count * GcLimits.PageBytes).Fill(FreedPoison);
            NativeMemory.AlignedFree(pages);
            *_pagesOutstanding -= count;
        }
    }
}
