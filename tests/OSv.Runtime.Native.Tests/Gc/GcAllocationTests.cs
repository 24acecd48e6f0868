using OSv.Runtime.Native.Gc;
using Xunit;

namespace OSv.Runtime.Native.Tests.Gc
{
    public unsafe class GcAllocationTests
    {
        [Fact]
        public void Allocate_SameClass_BumpsByTheCellSize()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* first = test.Allocate(0, 8);
            byte* second = test.Allocate(0, 8);
            Assert.Equal(SizeClasses.CellBytes(SizeClasses.ClassOf(FakeObjectModel.BytesFor(0, 8))), (int)(second - first));
        }

        [Fact]
        public void Allocate_FreshPoisonedPages_ReturnsZeroedMemory()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            // TestHeap.Allocate asserts every byte of the cell is zero before formatting it.
            for (int index = 0; index < 2000; index++)
                test.Allocate(index % 5, index % 700);
            test.Allocate(2, 20000);
        }

        [Fact]
        public void Allocate_ReusedCells_AreZeroedAgain()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* keep = test.Allocate(0, 8);
            test.AddPrecise(keep);
            for (int index = 0; index < 500; index++)
                test.Allocate(1, 48, seed: 0xFFFF);
            test.Collect();
            for (int index = 0; index < 500; index++)
                test.Allocate(1, 48);
        }

        [Fact]
        public void Allocate_AboveSmallBound_GetsItsOwnRun_FreedWhenDead()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            long before = test.Statistics.HeapBytes;
            byte* large = test.Allocate(1, 10000);
            Assert.True(test.IsAllocated(large));
            Assert.Equal(before + 3 * GcLimits.PageBytes, test.Statistics.HeapBytes);
            test.Collect();
            Assert.False(test.IsAllocated(large));
            Assert.Equal(before, test.Statistics.HeapBytes);
        }

        [Fact]
        public void TryAllocate_PastTheBudget_AsksForACollection()
        {
            var options = TestHeap.SmallOptions();
            options.MinimumBudgetBytes = 64 << 10;
            using var test = new TestHeap(options);
            nuint bytes = FakeObjectModel.BytesFor(0, 100);
            int allocated = 0;
            while (test.Heap->TryAllocate(test.Context, bytes) != null)
                allocated++;
            Assert.Equal(AllocationFailure.BudgetExhausted, test.Heap->LastFailure);
            Assert.True(allocated * (long)bytes >= options.MinimumBudgetBytes - GcLimits.AllocationWindowBytesMax);
            Assert.True(test.Heap->TryAllocate(test.Context, bytes, respectBudget: false) != null);
        }

        [Fact]
        public void TryAllocate_PastTheHeapBound_IsOutOfMemory()
        {
            using var test = new TestHeap(TestHeap.SmallOptions(heapBytesMax: 256 << 10));
            nuint bytes = FakeObjectModel.BytesFor(0, 1000);
            while (test.Heap->TryAllocate(test.Context, bytes, respectBudget: false) != null)
            {
            }
            Assert.Equal(AllocationFailure.OutOfMemory, test.Heap->LastFailure);
            Assert.True(test.Statistics.HeapBytes <= 256 << 10);
        }

        [Fact]
        public void TryAllocate_LargerThanTheHeapBound_IsOutOfMemory_WithoutTakingPages()
        {
            using var test = new TestHeap(TestHeap.SmallOptions(heapBytesMax: 256 << 10));
            long pagesBefore = test.Pages.PagesOutstanding;
            Assert.True(test.Heap->TryAllocate(test.Context, (nuint)1 << 40, respectBudget: false) == null);
            Assert.True(test.Heap->TryAllocate(test.Context, nuint.MaxValue - 4096, respectBudget: false) == null);
            Assert.Equal(AllocationFailure.OutOfMemory, test.Heap->LastFailure);
            Assert.Equal(pagesBefore, test.Pages.PagesOutstanding);
        }

        [Fact]
        public void Collect_WithAContextNotRetired_FailsTheInvariant()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            test.Allocate(0, 8);
            Assert.Throws<System.InvalidOperationException>(() => test.Heap->Collect(ref test.Roots));
            test.Heap->RetireContext(test.Context);
        }

        [Fact]
        public void RetireContext_GivesTheWindowTailBack()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* first = test.Allocate(0, 8);
            test.Heap->RetireContext(test.Context);
            Assert.Equal(SizeClasses.CellBytes(SizeClasses.ClassOf(FakeObjectModel.BytesFor(0, 8))), test.Statistics.BytesAllocatedSinceCollection);
            byte* second = test.Allocate(0, 8);
            Assert.Equal(SizeClasses.CellBytes(SizeClasses.ClassOf(FakeObjectModel.BytesFor(0, 8))), (int)(second - first));
            test.Heap->RetireContext(test.Context);
        }

        [Fact]
        public void GcAllocator_BudgetExhausted_CollectsThroughTheRequestAndRetries()
        {
            var options = TestHeap.SmallOptions();
            options.MinimumBudgetBytes = 64 << 10;
            using var test = new TestHeap(options);
            var request = new CollectingRequest { Test = test };
            nuint bytes = FakeObjectModel.BytesFor(0, 100);
            for (int index = 0; index < 5000; index++)
                Assert.True(GcAllocator.Allocate(test.Heap, test.Context, bytes, ref request) != null);
            Assert.True(request.Collections > 0);
            Assert.Equal(request.Collections, test.Statistics.CollectionCount);
        }

        private struct CollectingRequest : ICollectionRequest
        {
            public TestHeap Test;
            public int Collections;

            public void CollectWithWorldStopped()
            {
                Test.Collect();
                Collections++;
            }
        }
    }
}
