using OSv.Runtime.Gc;
using Xunit;

namespace OSv.Runtime.Tests.Gc
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
        public void TwoContexts_Interleaved_GetDisjointCells_AndBothSurviveACollection()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            var other = (AllocationContext*)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)sizeof(AllocationContext));
            nuint bytes = FakeObjectModel.BytesFor(0, 16);
            var seen = new System.Collections.Generic.HashSet<nuint>();
            for (int index = 0; index < 1000; index++)
            {
                AllocationContext* context = index % 3 == 0 ? other : test.Context;
                byte* obj = test.Heap->TryAllocate(context, bytes, respectBudget: false);
                FakeObjectModel.Format(obj, bytes, 0);
                TestHeap.FillPayload(obj, (ulong)index);
                Assert.True(seen.Add((nuint)obj), "a cell handed to two contexts");
                test.AddStackWord((nuint)obj);
            }
            test.Heap->RetireContext(other);
            test.Collect();
            int checkedCount = 0;
            for (int index = 0; index < 1000; index++)
            {
                var obj = (byte*)test.Roots.Stack[index];
                Assert.True(test.IsAllocated(obj) && TestHeap.PayloadIntact(obj, (ulong)index));
                checkedCount++;
            }
            Assert.Equal(1000, checkedCount);
            System.Runtime.InteropServices.NativeMemory.Free(other);
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
