// The connection blocks with an armed timer, ordered by each block's next deadline (the earliest
// of its retransmission, delayed-ACK, persist, keep-alive and TIME_WAIT timers), so that
// TcpLayer.Poll touches only the blocks that are due (O(due x log n)) and NextDeadlineNs is O(1).
// An OSv.Core IntrusiveHeap, as the kernel's TimerList: one node per block, allocated with the
// block, re-keyed in place (remove + insert) when the block's deadline changes; ties fire in
// arming order (Sequence), so runs are deterministic. Capacity is the block count, so Insert
// never finds the heap full. Not synchronised: the stack lock guards it.
using System.Runtime.CompilerServices;
using OSv.Core.Collections;

namespace OSv.Net.Tcp
{
    public sealed class TcpTimerNode : HeapNode
    {
        internal readonly TcpControlBlock Block;
        internal long DeadlineNs = long.MaxValue;
        internal ulong Sequence;

        internal TcpTimerNode(TcpControlBlock block) => Block = block;

        internal bool Queued => SlotOfNode(this) >= 0;

        private static int SlotOfNode(HeapNode node) => TcpTimerHeap.Slot(node);
    }

    public struct TcpTimerOrder : IHeapOrder
    {
        public static bool Precedes(HeapNode a, HeapNode b)
        {
            TcpTimerNode first = Unsafe.As<TcpTimerNode>(a), second = Unsafe.As<TcpTimerNode>(b);
            return first.DeadlineNs < second.DeadlineNs || (first.DeadlineNs == second.DeadlineNs && first.Sequence < second.Sequence);
        }
    }

    public sealed class TcpTimerHeap : IntrusiveHeap<TcpTimerOrder>
    {
        private ulong _nextSequence;

        public TcpTimerHeap(int capacity) : base(capacity)
        {
        }

        internal static int Slot(HeapNode node) => SlotOf(node);

        public long NextDeadlineNs => Count == 0 ? long.MaxValue : Unsafe.As<TcpTimerNode>(Top!).DeadlineNs;

        // Puts the node at deadlineNs (long.MaxValue: out of the heap).
        internal void Schedule(TcpTimerNode node, long deadlineNs)
        {
            if (node.Queued)
            {
                if (node.DeadlineNs == deadlineNs)
                    return;
                RemoveAt(SlotOf(node));
            }
            node.DeadlineNs = deadlineNs;
            if (deadlineNs == long.MaxValue)
                return;
            node.Sequence = _nextSequence++;
            Insert(node);
        }

        internal bool TryPopDue(long nowNs, out TcpControlBlock? block)
        {
            block = null;
            if (Count == 0 || NextDeadlineNs > nowNs)
                return false;
            TcpTimerNode node = Unsafe.As<TcpTimerNode>(RemoveAt(0));
            node.DeadlineNs = long.MaxValue;
            block = node.Block;
            return true;
        }
    }
}
