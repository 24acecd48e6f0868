// A thread's allocation context: per size class, a window [Cursor, Limit) of free, zeroed cells
// of that class that only this thread allocates from. The fast path is a bump: if Cursor <
// Limit, the object is at Cursor + header and Cursor advances by the class's cell size.
//
// Why a window per class rather than NativeAOT's single (alloc_ptr, alloc_limit): the heap is
// size-segregated so that an interior pointer finds its object by arithmetic; one bump window
// shared by all sizes would put objects of many sizes into one run and lose that. A window is a
// span of consecutive free cells of one run, so bumping by the cell size lands exactly on cells.
//
// The window's cells are marked allocated when it is handed out (GcHeap.RefillWindow), so the
// fast path touches no bitmap. Retiring the context (before every collection, and when its
// thread exits) gives the unused tail back. Lives in unmanaged memory (the runtime's thread
// record): the heap keeps no pointer to it.
namespace OSv.Runtime.Gc
{
    internal unsafe struct AllocationContext
    {
        public fixed ulong Cursor[SizeClasses.Count];
        public fixed ulong Limit[SizeClasses.Count];
    }
}
