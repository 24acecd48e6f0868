using OSv.Runtime.Gc;
using Xunit;

namespace OSv.Runtime.Tests.Gc
{
    public unsafe class GcMarkingTests
    {
        [Fact]
        public void Collect_PreciseRoot_KeepsItsGraph_FreesTheRest()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* root = test.Allocate(2, 16, seed: 1);
            byte* child = test.Allocate(1, 16, seed: 2);
            byte* grandchild = test.Allocate(0, 300, seed: 3);
            byte* garbage = test.Allocate(1, 16, seed: 4);
            test.Link(root, 0, child);
            test.Link(child, 0, grandchild);
            test.Link(garbage, 0, root);
            test.AddPrecise(root);
            test.Collect();
            Assert.True(test.IsAllocated(root) && test.IsAllocated(child) && test.IsAllocated(grandchild));
            Assert.False(test.IsAllocated(garbage));
            Assert.True(TestHeap.PayloadIntact(grandchild, 3));
            Assert.Equal((nuint)child, (nuint)test.Target(root, 0));
        }

        [Fact]
        public void Collect_InteriorStackWord_KeepsTheObject()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* small = test.Allocate(0, 200, seed: 5);
            byte* large = test.Allocate(0, 20000, seed: 6);
            test.AddStackWord((nuint)(small + 150));
            test.AddStackWord((nuint)(large + 15000));
            test.Collect();
            Assert.True(test.IsAllocated(small));
            Assert.True(test.IsAllocated(large));
            Assert.True(TestHeap.PayloadIntact(small, 5));
            Assert.True(TestHeap.PayloadIntact(large, 6));
        }

        [Fact]
        public void FindObject_HeaderWordOrLastByte_IsTheObject_NextCellIsNot()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* obj = test.Allocate(0, 40);
            int cellBytes = SizeClasses.CellBytes(SizeClasses.ClassOf(FakeObjectModel.BytesFor(0, 40)));
            test.Heap->RetireContext(test.Context);
            Assert.Equal((nuint)obj, (nuint)test.Heap->FindObject((nuint)(obj - GcLimits.ObjectHeaderBytes)));
            Assert.Equal((nuint)obj, (nuint)test.Heap->FindObject((nuint)(obj - GcLimits.ObjectHeaderBytes + cellBytes - 1)));
            Assert.True(test.Heap->FindObject((nuint)(obj - GcLimits.ObjectHeaderBytes + cellBytes)) == null);
            Assert.True(test.Heap->FindObject(12345) == null);
        }

        [Fact]
        public void Collect_FalsePositiveStackWord_KeepsADeadGraphIntact_UntilTheWordGoes()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* dead = test.Allocate(1, 64, seed: 7);
            byte* deadChild = test.Allocate(0, 64, seed: 8);
            test.Link(dead, 0, deadChild);
            test.AddStackWord((nuint)dead + 20);
            test.AddStackWord(0xDEADBEEF);
            test.AddStackWord(7);
            test.Collect();
            Assert.True(test.IsAllocated(dead) && test.IsAllocated(deadChild));
            Assert.True(TestHeap.PayloadIntact(dead, 7) && TestHeap.PayloadIntact(deadChild, 8));
            test.ClearRoots();
            test.Collect();
            Assert.False(test.IsAllocated(dead));
            Assert.False(test.IsAllocated(deadChild));
        }

        [Fact]
        public void Collect_FrozenObjectOutsideTheHeap_KeepsWhatItsFieldsReference()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* referenced = test.Allocate(0, 32, seed: 11);
            byte* unreferenced = test.Allocate(0, 32);
            nuint frozenBytes = FakeObjectModel.BytesFor(2, 0);
            var frozenCell = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(frozenBytes);
            byte* frozen = frozenCell + GcLimits.ObjectHeaderBytes;
            FakeObjectModel.Format(frozen, frozenBytes, 2);
            test.Link(frozen, 1, referenced);
            test.Roots.Frozen = frozen;
            test.AddPrecise(frozen);                    // a reference to a frozen object is ignored
            test.Collect();
            Assert.True(test.IsAllocated(referenced));
            Assert.True(TestHeap.PayloadIntact(referenced, 11));
            Assert.False(test.IsAllocated(unreferenced));
            test.Roots.Frozen = null;
            System.Runtime.InteropServices.NativeMemory.Free(frozenCell);
        }

        [Fact]
        public void Collect_MarkStackOverflows_RescanKeepsLongChainsAndWideFans()
        {
            using var test = new TestHeap(TestHeap.SmallOptions(markStackEntries: 2));
            const int Length = 3000;
            byte* head = test.Allocate(1, 8, seed: 0);
            byte* previous = head;
            var chain = new nuint[Length];
            chain[0] = (nuint)head;
            for (int index = 1; index < Length; index++)
            {
                byte* node = test.Allocate(1, 8, seed: (ulong)index);
                test.Link(previous, 0, node);
                chain[index] = (nuint)node;
                previous = node;
            }
            byte* fan = test.Allocate(400, 0);
            for (int index = 0; index < 400; index++)
            {
                byte* leaf = test.Allocate(1, 8, seed: 10000UL + (ulong)index);
                test.Link(fan, index, leaf);
            }
            test.AddPrecise(head);
            test.AddPrecise(fan);
            test.Collect();
            Assert.True(test.Statistics.MarkStackOverflows > 0);
            for (int index = 0; index < Length; index++)
            {
                Assert.True(test.IsAllocated((byte*)chain[index]), $"chain node {index}");
                Assert.True(TestHeap.PayloadIntact((byte*)chain[index], (ulong)index));
            }
            for (int index = 0; index < 400; index++)
                Assert.True(test.IsAllocated(test.Target(fan, index)), $"fan leaf {index}");
        }

        [Fact]
        public void Collect_LiveBytes_CountExactlyTheSurvivingCells()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* kept = test.Allocate(0, 100);
            byte* keptLarge = test.Allocate(0, 9000);
            for (int index = 0; index < 100; index++)
                test.Allocate(0, 100);
            test.AddPrecise(kept);
            test.AddPrecise(keptLarge);
            test.Collect();
            long expected = SizeClasses.CellBytes(SizeClasses.ClassOf(FakeObjectModel.BytesFor(0, 100)))
                + (long)FakeObjectModel.BytesFor(0, 9000);
            Assert.Equal(expected, test.Statistics.LiveBytesAfterLastCollection);
            Assert.Equal(expected, test.Statistics.BytesInUse);
            Assert.Equal(1, test.Statistics.CollectionCount);
        }

        [Fact]
        public void Collect_ShortLivedAllocationTwentyTimesTheHeap_StaysBounded()
        {
            const long HeapBytesMax = 1 << 20;
            var options = TestHeap.SmallOptions(heapBytesMax: HeapBytesMax);
            options.MinimumBudgetBytes = 128 << 10;
            using var test = new TestHeap(options);
            var random = new OSv.Testing.SimulationRandom(42);
            byte* live = test.Allocate(8, 64, seed: 99);
            test.AddPrecise(live);
            var request = new CollectRequest { Test = test };
            long allocatedBytes = 0;
            long pagesMax = 0;
            while (allocatedBytes < 20 * HeapBytesMax)
            {
                int payload = random.Chance(2) ? random.Between(5000, 20000) : random.Between(0, 500);
                nuint bytes = FakeObjectModel.BytesFor(1, payload);
                byte* obj = GcAllocator.Allocate(test.Heap, test.Context, bytes, ref request);
                Assert.True(obj != null, "out of memory after a collection");
                FakeObjectModel.Format(obj, bytes, 1);
                if (random.Chance(10))
                    test.Link(live, random.Between(0, 7), obj);   // a few survive a while
                allocatedBytes += (long)bytes;
                Assert.True(test.Statistics.HeapBytes <= HeapBytesMax);
                pagesMax = System.Math.Max(pagesMax, test.Pages.PagesOutstanding);
            }
            Assert.True(test.Statistics.CollectionCount >= 10);
            Assert.True(TestHeap.PayloadIntact(live, 99));
            Assert.True(pagesMax * GcLimits.PageBytes <= HeapBytesMax + (256 << 10), "runs plus tables");
        }

        private struct CollectRequest : ICollectionRequest
        {
            public TestHeap Test;

            public void CollectWithWorldStopped() => Test.Collect();
        }
    }
}
