// glibc's x86-64 `struct sigaction` (152 bytes): the handler (sa_handler or sa_sigaction, one
// pointer) at 0, sa_mask (a 128-byte sigset_t) at 8, sa_flags (int) at 136, sa_restorer at 144.
// The handler values SIG_DFL (0) and SIG_IGN (1) are actions, not functions; SIG_ERR is -1.
namespace OSv.Libc.Signals
{
    public unsafe struct SignalAction
    {
        public const int SizeBytes = 152;
        public const nint DefaultHandler = 0;   // SIG_DFL
        public const nint IgnoreHandler = 1;    // SIG_IGN
        public const nint ErrorHandler = -1;    // SIG_ERR
        public const int FlagSigInfo = 0x4;               // SA_SIGINFO
        public const int FlagRestart = 0x10000000;        // SA_RESTART
        public const int FlagNoDefer = 0x40000000;        // SA_NODEFER
        public const int FlagResetHandler = unchecked((int)0x80000000); // SA_RESETHAND

        public nint Handler;
        public fixed ulong Mask[SignalSet.Words];
        public int Flags;
        private int _padding;
        public nint Restorer;
    }
}
