// The retention watch (RetentionWatch): for objects at or above the watched cell size, it names
// what marked them first. The image's Compat gc area found its retention this way: an interior
// conservative word in constant data pointing into a large array.
using OSv.Runtime.Gc;
using Xunit;

namespace OSv.Runtime.Tests.Gc
{
    public unsafe class GcRetentionWatchTests
    {
        private const int LargePayloadBytes = 64 << 10;

        [Fact]
        public void Watch_InteriorConservativeWord_RecordsTheWordItsRangeAndTheObject()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* large = test.Allocate(0, LargePayloadBytes);
            test.Heap->WatchRetention(LargePayloadBytes);
            test.AddStackWord(0x1234);
            test.AddStackWord((nuint)large + 40_000);   // interior, as a stray integer would be
            test.Collect();

            RetentionWatch* watch = test.Heap->Retention;
            Assert.Equal(1, watch->Count);
            RetentionRecord* record = watch->RecordAt(0);
            Assert.Equal((nuint)large, record->Object);
            Assert.Equal(RetentionCause.ConservativeWord, record->Cause);
            Assert.Equal((nuint)(test.Roots.Stack + 1), record->Slot);
            Assert.Equal((nuint)test.Roots.Stack, record->RangeStart);
            Assert.Equal((nuint)(test.Roots.Stack + 2), record->RangeEnd);
        }

        [Fact]
        public void Watch_ReachedThroughAField_RecordsTheParentAndTheField()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* parent = test.Allocate(2, 16);
            byte* large = test.Allocate(0, LargePayloadBytes);
            test.Link(parent, 1, large);
            test.AddPrecise(parent);
            test.Heap->WatchRetention(LargePayloadBytes);
            test.Collect();

            RetentionWatch* watch = test.Heap->Retention;
            Assert.Equal(1, watch->Count);
            RetentionRecord* record = watch->RecordAt(0);
            Assert.Equal((nuint)large, record->Object);
            Assert.Equal(RetentionCause.Field, record->Cause);
            Assert.Equal((nuint)parent, record->Parent);
            Assert.Equal((nuint)FakeObjectModel.Reference(parent, 1), record->Slot);
        }

        [Fact]
        public void Watch_SmallObjectsOrWatchOff_RecordNothing()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* small = test.Allocate(0, 64);
            byte* large = test.Allocate(0, LargePayloadBytes);
            test.AddPrecise(small);
            test.AddPrecise(large);
            test.Heap->WatchRetention(LargePayloadBytes);
            test.Heap->WatchRetention(0);
            test.Collect();
            Assert.Equal(0, test.Heap->Retention->Count);

            test.Heap->WatchRetention(LargePayloadBytes);
            test.ClearRoots();
            test.AddPrecise(small);
            test.Collect();
            Assert.Equal(0, test.Heap->Retention->Count);
            Assert.False(test.IsAllocated(large));
        }

        [Fact]
        public void Watch_MoreObjectsThanRecords_CountsTheRest()
        {
            using var test = new TestHeap(TestHeap.SmallOptions(heapBytesMax: 8 << 20));
            test.Heap->WatchRetention(LargePayloadBytes);
            for (int index = 0; index < RetentionWatch.RecordsMax + 3; index++)
                test.AddPrecise(test.Allocate(0, LargePayloadBytes));
            test.Collect();
            Assert.Equal(RetentionWatch.RecordsMax, test.Heap->Retention->Count);
            Assert.Equal(3, test.Heap->Retention->Dropped);
            Assert.Equal(RetentionCause.PreciseRoot, test.Heap->Retention->RecordAt(0)->Cause);
        }
    }
}
