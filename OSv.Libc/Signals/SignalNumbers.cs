// Linux x86-64 signal numbers (signal(7)) and the facts about them the C library needs: which
// are valid (1..64; glibc's NSIG is 65), which glibc reserves for itself (32 SIGCANCEL and 33
// SIGSETXID: sigaddset/sigaction refuse them), which cannot be caught or blocked (SIGKILL,
// SIGSTOP), and each signal's default action (ignore, stop, or terminate).
namespace OSv.Libc.Signals
{
    public static class SignalNumbers
    {
        public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6,
            SIGBUS = 7, SIGFPE = 8, SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13,
            SIGALRM = 14, SIGTERM = 15, SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19,
            SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22, SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25,
            SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29, SIGPWR = 30, SIGSYS = 31;

        public const int First = 1;
        public const int Last = 64;              // SIGRTMAX
        public const int Count = Last + 1;       // NSIG
        public const int GlibcCancel = 32, GlibcSetXid = 33;

        /// <summary>The exit status a shell reports for a program a signal ended.</summary>
        public const int TerminationStatusBase = 128;

        public static bool IsValid(int signal) => signal >= First && signal <= Last;

        public static bool IsReservedByGlibc(int signal) => signal == GlibcCancel || signal == GlibcSetXid;

        public static bool IsUncatchable(int signal) => signal == SIGKILL || signal == SIGSTOP;

        /// <summary>Default action "ignore" (signal(7)).</summary>
        public static bool DefaultIgnores(int signal) =>
            signal == SIGCHLD || signal == SIGCONT || signal == SIGURG || signal == SIGWINCH;

        /// <summary>Default action "stop the process".</summary>
        public static bool DefaultStops(int signal) =>
            signal == SIGSTOP || signal == SIGTSTP || signal == SIGTTIN || signal == SIGTTOU;

        /// <summary>The bit of <paramref name="signal"/> in a 64-bit mask (bit signal - 1).</summary>
        public static ulong Bit(int signal) => 1UL << (signal - 1);
    }
}
