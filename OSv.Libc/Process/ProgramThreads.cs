// exit() called on a thread other than the program's main thread.
namespace OSv.Libc.Process
{
    public static unsafe class ProgramThreads
    {
        /// <summary>The calling C thread's own leave context (its pthread_exit target), or 0 when
        /// it has none; set by the threads area.</summary>
        public static delegate*<nint> CurrentThreadLeaveContext;

        internal static nint LeaveFromOtherThread(int status)
        {
            nint context = CurrentThreadLeaveContext != null ? CurrentThreadLeaveContext() : 0;
            if (context != 0)
                return context;
            OSv.Core.Machine.Exit(status);
            return 0;
        }
    }
}
