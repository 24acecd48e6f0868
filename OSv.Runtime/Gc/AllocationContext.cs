// A thread's allocation context: per size class, a window [Cursor, Limit) of free, zeroed cells
// of that class that only this thread allocates from. The fast path is a bump: if Cursor <
// Limit, the object is at Cursor + header and Cursor advances by the class's cell size.
//
// Why a window per class rather than NativeAOT's single (alloc_ptr, alloc_limit): the heap is
// size-segregated so that an interior pointer finds its object by arithmetic; one bump window
// shared by all sizes would put objects of many sizes into one run and lose that. A window is a
// span of consecutive free cells of one run, so bumping by the cell size lands exactly on cells.
//
// The bump is one compare-exchange of the cursor, not a plain store: an interrupt handler that
// allocates runs on the interrupted thread (and so on its context), possibly between the
// thread's read of the cursor and its store. A handler that moved the cursor (or refilled the
// window) makes the exchange fail and the thread retries in the slow path; the cursor never
// returns to a value it had while the window's cells are still handed out, so there is no ABA.
// Interrupts stay on, and a thread may be preempted or stopped anywhere in the bump: the
// collector keeps every window's unused tail allocated across a collection (ReportAllocation
// Windows), so a stale cursor is still a valid one.
//
// The window's cells are marked allocated when it is handed out (GcHeap.RefillWindow), so the
// fast path touches no bitmap. Retiring the context (when its thread exits) gives the unused
// tails back. BytesTaken counts the bytes of every window and large object handed to this
// context (less the retired tails): what the thread allocated is BytesTaken less the unused
// tails, with no counting on the fast path. Lives in unmanaged memory or inline in the kernel's
// Thread (OSv.Core RuntimeThreadState): the heap keeps no pointer to it.
using System.Runtime.CompilerServices;
using System.Threading;

namespace OSv.Runtime.Gc
{
    internal unsafe struct AllocationContext
    {
        public fixed ulong Cursor[SizeClasses.Count];
        public fixed ulong Limit[SizeClasses.Count];
        public long BytesTaken;

        // A cell of the class, or null (the window is used up, or an interrupt handler moved it).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static byte* TryBump(AllocationContext* context, int sizeClass)
        {
            ulong cursor = context->Cursor[sizeClass];
            ulong next = cursor + (ulong)SizeClasses.CellBytes(sizeClass);
            if (next > context->Limit[sizeClass])
                return null;
            // Atomic against an interrupt handler on this CPU (see above); no other CPU writes it.
            if (Interlocked.CompareExchange(ref context->Cursor[sizeClass], next, cursor) != cursor)
                return null;
            return (byte*)cursor;
        }

        // Bytes handed out to objects from this context: windows and large objects taken, less
        // what is still unused in the windows.
        public static long AllocatedBytes(AllocationContext* context)
        {
            long unused = 0;
            for (int sizeClass = 0; sizeClass < SizeClasses.Count; sizeClass++)
                unused += (long)(context->Limit[sizeClass] - context->Cursor[sizeClass]);
            return context->BytesTaken - unused;
        }
    }
}
