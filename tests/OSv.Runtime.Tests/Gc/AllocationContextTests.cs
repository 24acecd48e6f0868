// Per-thread allocation contexts as images use them: a live thread's context is not retired
// before a collection but reported (its windows' unused tails stay allocated, so a cursor read
// before the world stopped is still valid after), and the context counts exactly the bytes it
// handed out (GC.GetAllocatedBytesForCurrentThread).
using OSv.Runtime.Gc;
using Xunit;

namespace OSv.Runtime.Tests.Gc
{
    public unsafe class AllocationContextTests
    {
        private static int CellOf(int referenceCount, int payloadBytes) =>
            SizeClasses.CellBytes(SizeClasses.ClassOf(FakeObjectModel.BytesFor(referenceCount, payloadBytes)));

        [Fact]
        public void Collect_ContextReported_KeepsTheWindowTail_AndTheNextBumpFollowsOn()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            test.Roots.Kept = test.Context;
            byte* first = test.Allocate(0, 8);
            test.Heap->Collect(ref test.Roots);
            Assert.False(test.IsAllocated(first));          // unreachable: swept
            byte* second = test.Allocate(0, 8);             // TestHeap.Allocate checks the cell is zero
            Assert.Equal(CellOf(0, 8), (int)(second - first));
            Assert.True(test.IsAllocated(second));
            test.Heap->RetireContext(test.Context);
        }

        [Fact]
        public void Collect_ContextReported_AStaleCursorStillOwnsItsCell()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            test.Roots.Kept = test.Context;
            test.Allocate(0, 8);
            int sizeClass = SizeClasses.ClassOf(FakeObjectModel.BytesFor(0, 8));
            ulong cursorBeforeStop = test.Context->Cursor[sizeClass];
            test.Heap->Collect(ref test.Roots);
            // A thread stopped between reading the cursor and storing it: its cell survived.
            Assert.True(test.Heap->FindObject((nuint)cursorBeforeStop) != null);
            Assert.Equal(0UL, *(ulong*)(cursorBeforeStop + GcLimits.ObjectHeaderBytes));
            // And no other context can be handed that cell.
            var other = (AllocationContext*)System.Runtime.InteropServices.NativeMemory.AllocZeroed((nuint)sizeof(AllocationContext));
            for (int index = 0; index < 2000; index++)
            {
                byte* obj = test.Heap->TryAllocate(other, FakeObjectModel.BytesFor(0, 8));
                Assert.True(obj != null);
                Assert.NotEqual(cursorBeforeStop, (ulong)(obj - GcLimits.ObjectHeaderBytes));
            }
            test.Heap->RetireContext(other);
            test.Heap->RetireContext(test.Context);
            System.Runtime.InteropServices.NativeMemory.Free(other);
        }

        [Fact]
        public void AllocatedBytes_NewContext_IsZero()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            Assert.Equal(0, AllocationContext.AllocatedBytes(test.Context));
        }

        [Fact]
        public void AllocatedBytes_CountsEveryCellHandedOut_AcrossRefills()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            long expected = 0;
            for (int index = 0; index < 3000; index++)
            {
                test.Allocate(index % 3, index % 300);
                expected += CellOf(index % 3, index % 300);
                Assert.Equal(expected, AllocationContext.AllocatedBytes(test.Context));
            }
            test.Heap->RetireContext(test.Context);
        }

        [Fact]
        public void AllocatedBytes_CountsALargeObjectsCell()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            nuint bytes = FakeObjectModel.BytesFor(1, 10000);
            test.Allocate(1, 10000);
            Assert.Equal((long)((bytes + 7) & ~(nuint)7), AllocationContext.AllocatedBytes(test.Context));
        }

        [Fact]
        public void AllocatedBytes_Unchanged_ByRetiringOrCollecting()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            test.Roots.Kept = test.Context;
            for (int index = 0; index < 100; index++)
                test.Allocate(0, 8);
            long before = AllocationContext.AllocatedBytes(test.Context);
            test.Heap->Collect(ref test.Roots);
            Assert.Equal(before, AllocationContext.AllocatedBytes(test.Context));
            test.Heap->RetireContext(test.Context);
            Assert.Equal(before, AllocationContext.AllocatedBytes(test.Context));
            test.Allocate(0, 8);
            Assert.Equal(before + CellOf(0, 8), AllocationContext.AllocatedBytes(test.Context));
            test.Heap->RetireContext(test.Context);
        }

        [Fact]
        public void TryBump_WindowUsedUp_ReturnsNull_AndTheSlowPathRefills()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            nuint bytes = FakeObjectModel.BytesFor(0, 8);
            test.Allocate(0, 8);
            int sizeClass = SizeClasses.ClassOf(bytes);
            test.Context->Cursor[sizeClass] = test.Context->Limit[sizeClass];   // as if used up
            Assert.True(GcHeap<FakeObjectModel, TestPageSource>.TryBump(test.Context, bytes) == null);
            Assert.True(test.Heap->TryAllocate(test.Context, bytes) != null);
            test.Heap->RetireContext(test.Context);
        }
    }
}
