// The seam between the runtime and the kernel beneath it. The runtime cannot name OSv.Core (the
// kernel is compiled against the runtime, not the other way round), so the kernel installs these
// entry points at boot, before any managed code that could print, exit or fail runs. Until then
// they are null, and a failure that early halts without a message (there is no console yet).
namespace Internal.Runtime
{
    public static unsafe class KernelServices
    {
        // Writes UTF-8 bytes to the console.
        public static delegate*<byte*, int, void> WriteConsole;

        // Ends the application with an exit status. Never returns.
        public static delegate*<int, void> Exit;

        // Stops the system with a message (UTF-8) and the panic exit status. Never returns.
        public static delegate*<byte*, int, void> Panic;

        // Gives the object heap a new chunk of at least the requested bytes: returns its start
        // and writes its size, or panics (out of memory, naming the heap as the requester).
        public static delegate*<nuint, nuint*, byte*> AllocateHeapChunk;

        // Returns a non-zero identity of the running thread, stable for its lifetime (class
        // constructors use it to tell a re-entrant access from another thread's). While null,
        // everything runs on one thread: install it before a second thread can run managed code,
        // and not while a class constructor is running.
        public static delegate*<nint> CurrentThreadToken;
    }
}
