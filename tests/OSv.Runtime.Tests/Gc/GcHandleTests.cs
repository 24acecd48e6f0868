using OSv.Runtime.Gc;
using OSv.Runtime.Gc.Handles;
using Xunit;

namespace OSv.Runtime.Tests.Gc
{
    public unsafe class GcHandleTests
    {
        [Fact]
        public void StrongAndPinnedHandles_KeepTheirTargets()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* strong = test.Allocate(0, 8, seed: 1);
            byte* pinned = test.Allocate(0, 8, seed: 2);
            nint strongHandle = test.Heap->AllocateHandle((nuint)strong, GcHandleKind.Strong);
            nint pinnedHandle = test.Heap->AllocateHandle((nuint)pinned, GcHandleKind.Pinned);
            test.Collect();
            Assert.True(test.IsAllocated(strong) && test.IsAllocated(pinned));
            Assert.Equal((nuint)strong, *(nuint*)strongHandle);
            test.Heap->FreeHandle(strongHandle);
            test.Heap->FreeHandle(pinnedHandle);
            test.Collect();
            Assert.False(test.IsAllocated(strong) || test.IsAllocated(pinned));
        }

        [Fact]
        public void WeakHandles_ToLiveTargets_Stay_ToDeadOnes_AreCleared()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* live = test.Allocate(0, 8);
            byte* dead = test.Allocate(0, 8);
            test.AddPrecise(live);
            nint weakLive = test.Heap->AllocateHandle((nuint)live, GcHandleKind.WeakShort);
            nint weakDead = test.Heap->AllocateHandle((nuint)dead, GcHandleKind.WeakShort);
            nint longDead = test.Heap->AllocateHandle((nuint)dead, GcHandleKind.WeakLong);
            test.Collect();
            Assert.Equal((nuint)live, HandleTable.GetTarget(weakLive));
            Assert.Equal((nuint)0, HandleTable.GetTarget(weakDead));
            Assert.Equal((nuint)0, HandleTable.GetTarget(longDead));
        }

        [Fact]
        public void DependentHandleChain_CreatedBackwards_KeepsEveryLinkWhileTheHeadLives()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            const int Length = 20;
            var nodes = new nuint[Length];
            for (int index = 0; index < Length; index++)
                nodes[index] = (nuint)test.Allocate(0, 16, seed: (ulong)index);
            var handles = new nint[Length - 1];
            for (int index = Length - 2; index >= 0; index--)
                handles[index] = test.Heap->AllocateHandle(nodes[index], GcHandleKind.Dependent, nodes[index + 1]);
            test.AddPrecise((byte*)nodes[0]);
            test.Collect();
            for (int index = 0; index < Length; index++)
            {
                Assert.True(test.IsAllocated((byte*)nodes[index]), $"node {index}");
                Assert.True(TestHeap.PayloadIntact((byte*)nodes[index], (ulong)index));
            }
            test.ClearRoots();
            test.Collect();
            for (int index = 0; index < Length; index++)
                Assert.False(test.IsAllocated((byte*)nodes[index]), $"node {index}");
            Assert.Equal((nuint)0, HandleTable.GetTarget(handles[0]));
            Assert.Equal((nuint)0, HandleTable.GetSecondary(handles[0]));
        }

        [Fact]
        public void DependentHandle_DoesNotKeepItsPrimary()
        {
            using var test = new TestHeap(TestHeap.SmallOptions());
            byte* primary = test.Allocate(0, 8);
            byte* secondary = test.Allocate(0, 8);
            test.AddPrecise(secondary);
            nint handle = test.Heap->AllocateHandle((nuint)primary, GcHandleKind.Dependent, (nuint)secondary);
            test.Collect();
            Assert.False(test.IsAllocated(primary));
            Assert.True(test.IsAllocated(secondary));
            Assert.Equal((nuint)0, HandleTable.GetTarget(handle));
        }

        [Fact]
        public void HandleTable_Full_ReturnsZero_FreedEntriesAreReused()
        {
            var options = TestHeap.SmallOptions();
            options.HandlesMax = 3;
            using var test = new TestHeap(options);
            nint first = test.Heap->AllocateHandle(0, GcHandleKind.Strong);
            test.Heap->AllocateHandle(0, GcHandleKind.Strong);
            test.Heap->AllocateHandle(0, GcHandleKind.Strong);
            Assert.Equal((nint)0, test.Heap->AllocateHandle(0, GcHandleKind.Strong));
            test.Heap->FreeHandle(first);
            Assert.Equal(first, test.Heap->AllocateHandle(0, GcHandleKind.WeakShort));
            Assert.Equal(3, test.Heap->HandlesInUse);
        }
    }
}
