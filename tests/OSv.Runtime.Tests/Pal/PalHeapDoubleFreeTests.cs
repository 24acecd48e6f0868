// PalHeap's invariant checks on a block freed twice. They run alone (a collection that disables
// parallelisation): the heap is one per process, and a block freed here may be handed to a test
// running in parallel before the second Free, which then frees a live block without complaint
// (seen once in CI).
using System;
using OSv.Runtime.Pal;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    [Collection(PalHeapExclusiveCollection.Name)]
    public unsafe class PalHeapDoubleFreeTests
    {
        [Fact]
        public void Free_TwiceOrForeignPointer_IsAnInvariantFailure()
        {
            byte* block = (byte*)PalHeap.Malloc(100);
            PalHeap.Free(block);
            Assert.Throws<InvalidOperationException>(() => PalHeap.Free(block));
            byte* foreign = stackalloc byte[64];
            Assert.Throws<InvalidOperationException>(() => PalHeap.Free(foreign + 32));
            PalHeap.Free(null); // allowed, as in C
        }

        [Fact]
        public void Realloc_ToZero_FreesTheBlock()
        {
            byte* block = (byte*)PalHeap.Malloc(24);
            Assert.True(PalHeap.Realloc(block, 0) == null);
            Assert.Throws<InvalidOperationException>(() => PalHeap.Free(block)); // already freed
        }
    }

    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class PalHeapExclusiveCollection
    {
        public const string Name = "PalHeap alone";
    }
}
