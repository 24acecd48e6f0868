// Thread statics under --noinlinetls: CoreLib asks RhGetThreadStaticStorage for a reference to
// the current thread's slot (an object[][] of per-type storage it manages itself). Each kernel
// thread that touches a thread static gets one slot in a fixed table keyed by the thread's
// address; ThreadsMax bounds it and running out panics. The slots hold references the collector
// must scan as roots (Slots/SlotCount). A thread CoreLib started gives its slot back when its
// body returns (ReleaseCurrent, through Pal/ThreadExit), so ThreadsMax bounds the threads alive
// at once, not the threads ever created; a free slot has owner 0 (no thread lives at address 0).
using Internal.Runtime;
using System.Runtime;
using System.Runtime.CompilerServices;
using OSv.Core.Arch.X64;
using OSv.Core.Sched;
using OSv.Runtime.Memory;

namespace OSv.Runtime.Startup
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
        private static InterruptsOffSpinLock s_lock; // OSv.Core's: interrupts off while held

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

        // The exiting thread's slot becomes free: its thread statics die with it.
        internal static void ReleaseCurrent()
        {
            long owner = Scheduler.AddressOf(Cpu.CurrentThread());
            fixed (Table* table = &s_table)
            {
                ulong flags = s_lock.Enter();
                for (int i = 0; i < s_count; i++)
                {
                    if (table->Owners[i] != owner)
                        continue;
                    table->Slots[i] = 0;
                    // Ordering: the slot is cleared before the entry reads as free.
                    System.Threading.Volatile.Write(ref table->Owners[i], 0);
                    break;
                }
                s_lock.Exit(flags);
            }
        }

        // Only the owner adds its own entry, so no other thread can add the same owner meanwhile.
        // A free entry (owner 0) is reused before the table grows.
        private static int Add(Table* table, long owner)
        {
            ulong flags = s_lock.Enter();
            for (int i = 0; i < s_count; i++)
            {
                if (table->Owners[i] != 0)
                    continue;
                table->Slots[i] = 0;
                // Ordering: the slot is cleared before the owner claims it.
                System.Threading.Volatile.Write(ref table->Owners[i], owner);
                s_lock.Exit(flags);
                return i;
            }
            int index = s_count;
            if (index == ThreadsMax)
            {
                s_lock.Exit(flags);
                Fail.Stop("runtime: more live threads with thread statics than ThreadStaticStorage.ThreadsMax"u8);
            }
            table->Owners[index] = owner;
            table->Slots[index] = 0;
            // Publish after the entry is written: readers scan up to s_count without the lock.
            System.Threading.Volatile.Write(ref s_count, index + 1);
            s_lock.Exit(flags);
            return index;
        }
    }
}
