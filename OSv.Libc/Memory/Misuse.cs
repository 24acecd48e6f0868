// How the C library stops a program that misused it: free of a pointer malloc never returned, a
// double free, a heap header overwritten, a _chk function's destination too small ("buffer
// overflow detected"). glibc prints a message and aborts; here the message goes to a hook the
// lead installs (it makes the loaded program stop with that message). The default hook fails
// fast with the message, hosted and on metal.
//
// Caller rules: messages are literals in glibc's wording (no formatting on these paths: the heap
// may be the thing that is broken). The hook should not return; if it does, the caller leaves
// the damage alone (a bad free leaks the block) or, where continuing would corrupt memory (the
// _chk functions), fails fast itself.
namespace OSv.Libc.Memory
{
    public static class Misuse
    {
        /// <summary>The hook that stops the program; null means the default (fail fast).</summary>
        public static System.Action<string>? Handler;

        /// <summary>Reports misuse through <see cref="Handler"/>; returns only if the hook does.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static void Report(string message)
        {
            System.Action<string>? handler = Handler;
            if (handler is null)
                System.Environment.FailFast(message);
            else
                handler(message);
        }

        /// <summary>Reports misuse and never returns, even if the hook does.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static void Stop(string message)
        {
            Report(message);
            System.Environment.FailFast(message);
        }
    }
}
