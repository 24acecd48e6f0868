// The two heap members the image's allocation path uses (Gc/GcRuntime.Metal.cs): TryBump, the
// lock-free fast path over one allocation context, and Resize, which the image calls once the
// free RAM is known (the heap's tables were sized at boot for the largest bound).
using OSv.Runtime.Gc;
using Xunit;

namespace OSv.Runtime.Tests.Gc
{
    public unsafe class GcBumpAndResizeTests
    {
        [Fact]
        public void TryBump_EmptyContext_ReturnsNull_AndLeavesItEmpty()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            Assert.True(GcHeap<FakeObjectModel, TestPageSource>.TryBump(test.Context, FakeObjectModel.BytesFor(0, 8)) == null);
            for (int sizeClass = 0; sizeClass < SizeClasses.Count; sizeClass++)
                Assert.Equal(0UL, test.Context->Limit[sizeClass]);
        }

        [Fact]
        public void TryBump_AfterARefill_ReturnsTheNextCellOfTheWindow()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            nuint bytes = FakeObjectModel.BytesFor(0, 8);
            byte* first = test.Allocate(0, 8);      // the slow path hands the context a window
            byte* bumped = GcHeap<FakeObjectModel, TestPageSource>.TryBump(test.Context, bytes);
            Assert.True(bumped != null);
            Assert.Equal(SizeClasses.CellBytes(SizeClasses.ClassOf(bytes)), (int)(bumped - first));
            Assert.True(test.IsAllocated(bumped));
        }

        [Fact]
        public void TryBump_ObjectAboveTheSmallBound_ReturnsNull()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            test.Allocate(0, 8);
            Assert.True(GcHeap<FakeObjectModel, TestPageSource>.TryBump(test.Context, GcLimits.SmallObjectBytesMax + 8) == null);
        }

        [Fact]
        public void TryBump_WindowUsedUp_ReturnsNull_UntilTheSlowPathRefills()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            nuint bytes = FakeObjectModel.BytesFor(0, 8);
            test.Allocate(0, 8);
            int bumps = 0;
            while (GcHeap<FakeObjectModel, TestPageSource>.TryBump(test.Context, bytes) != null)
                bumps++;
            int cellBytes = SizeClasses.CellBytes(SizeClasses.ClassOf(bytes));
            Assert.Equal(GcLimits.AllocationWindowBytesMax / cellBytes - 1, bumps);
        }

        [Fact]
        public void Resize_LowersTheBound_AllocationPastItFails()
        {
            using var test = new TestHeap(TestHeap.SmallOptions(heapBytesMax: 4 << 20));
            test.Heap->Resize(GcLimits.SmallRunBytes * 2, 64L << 20);
            Assert.Equal(GcLimits.SmallRunBytes * 2, test.Heap->HeapBytesMax);
            Assert.Equal(64L << 20, test.Heap->BudgetBytes);
            // A large object needing more pages than the new bound allows is refused.
            byte* large = test.Heap->TryAllocate(test.Context, (nuint)(GcLimits.SmallRunBytes * 3));
            Assert.True(large == null);
            Assert.Equal(AllocationFailure.OutOfMemory, test.Heap->LastFailure);
        }

        [Fact]
        public void Resize_SetsTheMinimumBudget_KeptAfterACollection()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            test.Heap->Resize(test.Heap->HeapBytesMax, 3L << 20);
            test.Collect();
            Assert.Equal(3L << 20, test.Heap->BudgetBytes);
        }
    }
}
