// Handlers a program registers to run at exit: atexit(f) and the C++ ABI's
// __cxa_atexit(f, arg, dso) (Itanium C++ ABI 3.3.5), which gcc-compiled programs call for both
// (glibc 2.34+ links atexit as a call to __cxa_atexit). They run in reverse order of
// registration; __cxa_finalize(dso) runs (and forgets) those one shared object registered, when
// it is unloaded. A handler registered while handlers run is run too. Bounded: a program that
// registers more than HandlersMax gets -1 from atexit, as glibc does when out of memory.
namespace OSv.Libc.Process
{
    public static unsafe class AtExit
    {
        public const int HandlersMax = 1024;

        private struct Handler
        {
            public nint Function;
            public nint Argument;
            public nint SharedObject;
        }

        private static readonly Handler[] s_handlers = new Handler[HandlersMax];
        private static int s_count;
        private static readonly OSv.Core.Sync.Mutex s_lock = new OSv.Core.Sync.Mutex();

        public static int Register(nint function, nint argument, nint sharedObject)
        {
            s_lock.Lock();
            bool room = s_count < HandlersMax;
            if (room)
            {
                s_handlers[s_count] = new Handler { Function = function, Argument = argument, SharedObject = sharedObject };
                s_count++;
            }
            s_lock.Unlock();
            return room ? 0 : -1;
        }

        /// <summary>Runs every handler, last registered first.</summary>
        public static void RunAll() => Run(0, everything: true);

        /// <summary>__cxa_finalize: the handlers of one shared object (0: all of them).</summary>
        public static void RunFor(nint sharedObject) => Run(sharedObject, everything: sharedObject == 0);

        /// <summary>Forgets every handler (a new program starts).</summary>
        public static void Reset()
        {
            s_lock.Lock();
            s_count = 0;
            s_lock.Unlock();
        }

        private static void Run(nint sharedObject, bool everything)
        {
            while (TryTakeLast(sharedObject, everything, out Handler handler))
                ((delegate* unmanaged<nint, void>)handler.Function)(handler.Argument);
        }

        // Removes the newest matching handler. Taking one at a time, outside the lock while it
        // runs, lets a handler register another (it runs next) or call exit-time functions.
        private static bool TryTakeLast(nint sharedObject, bool everything, out Handler handler)
        {
            s_lock.Lock();
            for (int i = s_count - 1; i >= 0; i--)
            {
                if (!everything && s_handlers[i].SharedObject != sharedObject)
                    continue;
                handler = s_handlers[i];
                for (int j = i; j < s_count - 1; j++)
                    s_handlers[j] = s_handlers[j + 1];
                s_count--;
                s_lock.Unlock();
                return true;
            }
            s_lock.Unlock();
            handler = default;
            return false;
        }
    }
}
