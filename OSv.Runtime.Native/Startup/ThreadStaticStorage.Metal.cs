// Thread statics under --noinlinetls: CoreLib asks RhGetThreadStaticStorage for a reference to
// the current thread's slot (an object[][] of per-type storage it manages itself). Each kernel
// thread that touches a thread static gets one slot in a fixed table keyed by the thread's
// address; ThreadsMax bounds it and running out panics. The slots hold references the collector
// must scan as roots (Slots/SlotCount). Slots are not reclaimed when a thread exits yet.
using System.Runtime;
using System.Runtime.CompilerServices;
using OSv.Core.Arch.X64;
using OSv.Core.Sched;
using OSv.Runtime.Native.Memory;

namespace OSv.Runtime.Native.Startup
{
    internal static unsafe class ThreadStaticStorage
    {
        public const int ThreadsMax = 256;

        private struct Table
        {
            public fixed long Owners[ThreadsMax];
            public fixed long Slots[ThreadsMax];
        }

        private static Table s_table;
        private static int s_count;
        private static int s_lock;

        public static int SlotCount => s_count;

        public static nint* Slots
        {
            get { fixed (long* slots = s_table.Slots) return (nint*)slots; }
        }

        [RuntimeExport("RhGetThreadStaticStorage")]
        internal static ref object[][] GetThreadStaticStorage()
        {
            long owner = Scheduler.AddressOf(Cpu.CurrentThread());
            fixed (Table* table = &s_table)
            {
                int count = System.Threading.Volatile.Read(ref s_count);
                for (int i = 0; i < count; i++)
                {
                    if (table->Owners[i] == owner)
                        return ref Unsafe.AsRef<object[][]>(&table->Slots[i]);
                }
                return ref Unsafe.AsRef<object[][]>(&table->Slots[Add(table, owner)]);
            }
        }

        // Only the owner adds its own entry, so no other thread can add the same owner meanwhile.
        private static int Add(Table* table, long owner)
        {
            ulong flags = SpinLock.Enter(ref s_lock);
            int index = s_count;
            if (index == ThreadsMax)
            {
                SpinLock.Exit(ref s_lock, flags);
                Fail.Stop("runtime: more threads with thread statics than ThreadStaticStorage.ThreadsMax"u8);
            }
            table->Owners[index] = owner;
            table->Slots[index] = 0;
            // Publish after the entry is written: readers scan up to s_count without the lock.
            System.Threading.Volatile.Write(ref s_count, index + 1);
            SpinLock.Exit(ref s_lock, flags);
            return index;
        }
    }
}
