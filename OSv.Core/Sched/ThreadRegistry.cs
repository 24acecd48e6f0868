// Every live thread, for the runtime: its collector scans each thread's stack (conservatively),
// so it must be able to list them all while the world is stopped.
//
// An intrusive doubly-linked list through the threads themselves (no table to size, nothing
// allocated when a thread starts), under one lock: on metal an interrupts-off spin lock, so a
// CPU holding it cannot take the stop IPI (WorldStop) and a stopped world never holds it; hosted,
// a monitor. A thread is linked when it is created and unlinked when it exits, before its stack
// is given back.
//
// Caller rules: the visitor runs under the lock (interrupts off on metal): it must not block,
// start threads or take the registry lock again.
namespace OSv.Core.Sched
{
    public sealed unsafe partial class Thread
    {
        private static Thread? s_registryHead;
        private static int s_registeredCount;

        private Thread? _registryNext;
        private Thread? _registryPrevious;
        private bool _registered;

        // Threads currently linked (created and not yet exited).
        public static int RegisteredCount => System.Threading.Volatile.Read(ref s_registeredCount);

        // Whether the thread is in the registry (created, not yet exited).
        public bool IsRegistered => _registered;

        // Calls visit(thread, context) for every live thread, newest first, under the registry
        // lock; returns how many were visited.
        public static int VisitAll(delegate*<Thread, void*, void> visit, void* context)
        {
            ulong token = EnterRegistry();
            int visited = 0;
            for (Thread? thread = s_registryHead; thread != null; thread = thread._registryNext)
            {
                visit(thread, context);
                visited++;
            }
            ExitRegistry(token);
            return visited;
        }

        private void Register()
        {
            ulong token = EnterRegistry();
            if (!_registered)
            {
                _registryPrevious = null;
                _registryNext = s_registryHead;
                if (s_registryHead != null)
                    s_registryHead._registryPrevious = this;
                s_registryHead = this;
                _registered = true;
                s_registeredCount++;
            }
            ExitRegistry(token);
        }

        private void Unregister()
        {
            ulong token = EnterRegistry();
            if (_registered)
            {
                if (_registryPrevious != null)
                    _registryPrevious._registryNext = _registryNext;
                else
                    s_registryHead = _registryNext;
                if (_registryNext != null)
                    _registryNext._registryPrevious = _registryPrevious;
                _registryNext = null;
                _registryPrevious = null;
                _registered = false;
                s_registeredCount--;
            }
            ExitRegistry(token);
        }
    }
}
