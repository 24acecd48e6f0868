// Thread-specific data: pthread_key_create/delete/getspecific/setspecific (POSIX XSH 2.9.x).
// Keys are indices 0 .. ThreadLimits.KeysMax-1. Each key has a generation number: odd while the
// key exists, even while it is free; create and delete move it on by one with a CAS, so a key
// is handed to one creator and deleted once. Each thread stores, per key, its value and the
// generation it was stored under (LibcThread.KeyValues/KeyGenerations, allocated on the thread's
// first setspecific); a value whose generation is not the key's current one reads as NULL. So
// pthread_key_delete never visits other threads (POSIX: it need not call destructors), and a
// recreated key starts NULL everywhere, as glibc's sequence numbers arrange.
//
// At thread exit (RunDestructors), up to PTHREAD_DESTRUCTOR_ITERATIONS passes: every non-NULL
// current value is set to NULL and, if its key has a destructor, the destructor is called with
// the old value; a pass that called none ends the loop. Then every slot is cleared, so a
// LibcThread reused for a new thread starts with no values.
using System.Threading;
using OSv.Libc.Errors;

namespace OSv.Libc.Threads
{
    public static unsafe class ThreadKeys
    {
        private static readonly long[] s_generations = new long[ThreadLimits.KeysMax];
        private static readonly nint[] s_destructors = new nint[ThreadLimits.KeysMax];

        public static int Create(uint* key, nint destructor)
        {
            if (key == null)
                return ErrnoCodes.EINVAL;
            for (int index = 0; index < ThreadLimits.KeysMax; index++)
            {
                long generation = Volatile.Read(ref s_generations[index]);
                if ((generation & 1) != 0)
                    continue; // in use
                if (Interlocked.CompareExchange(ref s_generations[index], generation + 1, generation) == generation)
                {
                    // No value of this generation exists before we return the key, so no exiting
                    // thread can look for this destructor before it is stored.
                    Volatile.Write(ref s_destructors[index], destructor);
                    *key = (uint)index;
                    return 0;
                }
            }
            return ErrnoCodes.EAGAIN; // PTHREAD_KEYS_MAX keys exist
        }

        public static int Delete(uint key)
        {
            if (key >= ThreadLimits.KeysMax)
                return ErrnoCodes.EINVAL;
            long generation = Volatile.Read(ref s_generations[key]);
            if ((generation & 1) == 0 || Interlocked.CompareExchange(ref s_generations[key], generation + 1, generation) != generation)
                return ErrnoCodes.EINVAL; // not a key (or deleted concurrently)
            return 0;
        }

        public static nint Get(uint key)
        {
            if (key >= ThreadLimits.KeysMax)
                return 0;
            LibcThread thread = LibcThread.Current;
            long[]? generations = thread.KeyGenerations;
            if (generations == null || generations[key] != Volatile.Read(ref s_generations[key]))
                return 0;
            return thread.KeyValues![key];
        }

        public static int Set(uint key, nint value)
        {
            if (key >= ThreadLimits.KeysMax)
                return ErrnoCodes.EINVAL;
            long generation = Volatile.Read(ref s_generations[key]);
            if ((generation & 1) == 0)
                return ErrnoCodes.EINVAL; // deleted or never created
            LibcThread thread = LibcThread.Current;
            if (thread.KeyGenerations == null)
            {
                thread.KeyValues = new nint[ThreadLimits.KeysMax];      // once per LibcThread (they are reused)
                thread.KeyGenerations = new long[ThreadLimits.KeysMax];
            }
            thread.KeyValues![key] = value;
            thread.KeyGenerations[key] = generation;
            return 0;
        }

        // On the exiting thread, after its start routine returned or pthread_exit unwound it.
        public static void RunDestructors(LibcThread thread)
        {
            long[]? generations = thread.KeyGenerations;
            nint[]? values = thread.KeyValues;
            if (generations == null || values == null)
                return;
            for (int pass = 0; pass < ThreadLimits.DestructorIterations; pass++)
            {
                if (!RunDestructorPass(generations, values))
                    break;
            }
            for (int index = 0; index < ThreadLimits.KeysMax; index++)
            {
                values[index] = 0;
                generations[index] = 0;
            }
        }

        // One pass; true when it called at least one destructor (which may have set new values).
        private static bool RunDestructorPass(long[] generations, nint[] values)
        {
            bool called = false;
            for (int index = 0; index < ThreadLimits.KeysMax; index++)
            {
                nint value = values[index];
                if (value == 0 || generations[index] != Volatile.Read(ref s_generations[index]))
                    continue;
                values[index] = 0;
                nint destructor = Volatile.Read(ref s_destructors[index]);
                if (destructor == 0)
                    continue;
                ((delegate* unmanaged<nint, void>)destructor)(value);
                called = true;
            }
            return called;
        }
    }
}
