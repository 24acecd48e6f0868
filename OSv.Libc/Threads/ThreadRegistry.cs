// pthread_t values: the addresses of thread descriptors, which live in one unmanaged array of
// ThreadLimits.ThreadsMax cache-line slots. An id is therefore checked without dereferencing it
// (in the array, on a slot boundary, slot in use), so a wrong pthread_t passed to join, detach,
// kill or the name functions gets ESRCH instead of a crash.
//
// A slot is in use from pthread_create until the thread has exited and been joined, or has exited
// while detached (whichever side sees both facts frees it), and forever for threads the C
// library did not start once they ask for pthread_self (their end is not observed). Slots and
// the LibcThread objects of created threads are reused: a free slot keeps its last LibcThread,
// which pthread_create hands to the next thread, so create/join cycles allocate nothing here.
//
// Descriptor (ThreadLimits.DescriptorBytes):
//   offset 0  int  join state, a ParkingLot word: Exited | Detached | Joining | Foreign bits
using System.Threading;

namespace OSv.Libc.Threads
{
    public static unsafe class ThreadRegistry
    {
        public const int Exited = 1, Detached = 2, Joining = 4, Foreign = 8;

        private static readonly LibcThread?[] s_threads = new LibcThread?[ThreadLimits.ThreadsMax];
        private static readonly int[] s_slotInUse = new int[ThreadLimits.ThreadsMax];
        private static nint s_descriptors; // byte*, published once (see Descriptors)
        private static int s_descriptorsLock;
        private static int s_nextSlotHint;

        public static ulong IdOf(int slot) => (ulong)(Descriptors() + (long)slot * ThreadLimits.DescriptorBytes);

        public static int* JoinStateOf(int slot) => (int*)(Descriptors() + (long)slot * ThreadLimits.DescriptorBytes);

        /// <summary>The live thread whose pthread_t is <paramref name="id"/>, or false.</summary>
        public static bool TryFind(ulong id, out LibcThread? thread)
        {
            thread = null;
            byte* descriptors = (byte*)Volatile.Read(ref s_descriptors); // acquire: pairs with the release in Descriptors
            if (descriptors == null || id < (ulong)descriptors)
                return false;
            ulong offset = id - (ulong)descriptors;
            if (offset >= (ulong)ThreadLimits.ThreadsMax * ThreadLimits.DescriptorBytes || offset % ThreadLimits.DescriptorBytes != 0)
                return false;
            int slot = (int)(offset / ThreadLimits.DescriptorBytes);
            if (Volatile.Read(ref s_slotInUse[slot]) == 0) // acquire: the slot's thread was stored first
                return false;
            thread = Volatile.Read(ref s_threads[slot]);
            return thread != null && thread.Slot == slot;
        }

        /// <summary>Claims a free slot for a thread pthread_create is about to start, reusing
        /// the slot's previous LibcThread; false when ThreadsMax threads exist.</summary>
        public static bool TryClaimForCreate(out LibcThread? thread)
        {
            thread = null;
            int slot = ClaimSlot();
            if (slot < 0)
                return false;
            LibcThread? pooled = s_threads[slot];
            thread = pooled != null && pooled.IsCreated ? pooled : LibcThread.NewForCreate();
            thread.Slot = slot;
            *JoinStateOf(slot) = 0;
            Volatile.Write(ref s_threads[slot], thread);
            return true;
        }

        /// <summary>Gives a thread the library did not start an identity; -1 when none is left.</summary>
        public static int ClaimForForeign(LibcThread thread)
        {
            int slot = ClaimSlot();
            if (slot < 0)
                return -1;
            thread.Slot = slot;
            *JoinStateOf(slot) = Foreign;
            Volatile.Write(ref s_threads[slot], thread);
            return slot;
        }

        public static void Release(int slot) => Volatile.Write(ref s_slotInUse[slot], 0); // release: all uses of the slot first

        private static int ClaimSlot()
        {
            Descriptors();
            int start = Volatile.Read(ref s_nextSlotHint);
            for (int step = 0; step < ThreadLimits.ThreadsMax; step++)
            {
                int slot = (start + step) % ThreadLimits.ThreadsMax;
                if (Volatile.Read(ref s_slotInUse[slot]) == 0 && Interlocked.CompareExchange(ref s_slotInUse[slot], 1, 0) == 0)
                {
                    Volatile.Write(ref s_nextSlotHint, (slot + 1) % ThreadLimits.ThreadsMax);
                    return slot;
                }
            }
            return -1;
        }

        // Allocated on first use (never freed), under a spin lock so two first users agree.
        private static byte* Descriptors()
        {
            byte* descriptors = (byte*)Volatile.Read(ref s_descriptors); // acquire: the zeroed block
            if (descriptors != null)
                return descriptors;
            SpinLock.Enter(ref s_descriptorsLock);
            if (s_descriptors == 0)
            {
                byte* allocated = OSv.Libc.Memory.CellMemory.AllocateZeroed((nuint)(ThreadLimits.ThreadsMax * ThreadLimits.DescriptorBytes));
                Volatile.Write(ref s_descriptors, (nint)allocated); // release: zeroing first
            }
            descriptors = (byte*)s_descriptors;
            SpinLock.Exit(ref s_descriptorsLock);
            return descriptors;
        }
    }
}
