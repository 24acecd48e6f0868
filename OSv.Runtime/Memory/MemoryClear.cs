// Zeroing a fresh block word by word. A loop of its own rather than Span.Clear or memset: the
// allocator runs before anything else is trusted, and this cannot call back into it.
namespace OSv.Runtime.Memory
{
    internal static unsafe class MemoryClear
    {
        // bytes is a multiple of 8 (ObjectMemory rounds every request).
        public static void Words(byte* block, nuint bytes)
        {
            ulong* words = (ulong*)block;
            nuint count = bytes / 8;
            for (nuint i = 0; i < count; i++)
                words[i] = 0;
        }
    }
}
