// Signal dispositions, the blocked mask and pending signals, and synchronous delivery: what
// signal, sigaction, sigprocmask, raise, kill and abort act on (POSIX.1-2017 XSH 2.4).
//
// Nothing in this system delivers a signal asynchronously: there are no other processes, no
// terminal, no timers that signal (alarm is a no-op), and a fault panics the machine rather than
// raising SIGSEGV. So a signal arrives only when the program raises it at itself (raise, kill of
// its own pid, abort), and is delivered right there, on the raising thread, before raise returns
// (which is what POSIX requires of raise for an unblocked signal). A blocked signal is left
// pending and delivered when sigprocmask unblocks it.
//
// Delivery (XSH 2.4.3): SIG_IGN discards; SIG_DFL applies the default action: ignore (SIGCHLD,
// SIGCONT, SIGURG, SIGWINCH), stop (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU: with nothing to continue
// the program, a stop is treated as ignored), otherwise terminate through
// ProgramTermination.Terminate(128 + signal), the status a shell shows. A handler runs with the
// signal (unless SA_NODEFER) and sa_mask added to the blocked mask; SA_RESETHAND resets the
// disposition to SIG_DFL first; SA_SIGINFO passes a siginfo_t (si_signo, si_code SI_TKILL for
// raise or SI_USER for kill, si_pid 1) and a NULL context.
//
// Departures: the blocked mask is process-wide, not per thread (one mask for all threads; a
// program that blocks signals in one thread blocks them in all, which only matters to programs
// that expect asynchronous delivery, which never happens here).
// Concurrency: changes take the lock; a handler is called without it (it may call raise).
namespace OSv.Libc.Signals
{
    using OSv.Libc.Errors;

    public static unsafe class SignalTable
    {
        public const int SignalCodeUser = 0;   // SI_USER: kill
        public const int SignalCodeThreadKill = -6; // SI_TKILL: raise
        private const int SignalInfoBytes = 128;
        private const int ProcessId = 1;

        private static readonly OSv.Core.Sync.Mutex s_lock = new OSv.Core.Sync.Mutex();
        private static readonly nint[] s_handlers = new nint[SignalNumbers.Count];
        private static readonly ulong[] s_handlerMasks = new ulong[SignalNumbers.Count];
        private static readonly int[] s_handlerFlags = new int[SignalNumbers.Count];
        private static readonly nint[] s_restorers = new nint[SignalNumbers.Count];
        private static ulong s_blocked;
        private static ulong s_pending;

        public static ulong BlockedMask => s_blocked;
        public static ulong PendingMask => s_pending;

        /// <summary>sigaction's rules: 0, or an errno value. <paramref name="previous"/> (may be
        /// null) receives the old action before the new one (may be null) is installed.</summary>
        public static int Exchange(int signal, SignalAction* action, SignalAction* previous)
        {
            if (!SignalNumbers.IsValid(signal) || SignalNumbers.IsReservedByGlibc(signal))
                return ErrnoCodes.EINVAL;
            if (action != null && SignalNumbers.IsUncatchable(signal))
                return ErrnoCodes.EINVAL;
            s_lock.Lock();
            if (previous != null)
            {
                previous->Handler = s_handlers[signal];
                SignalSet.Store(previous->Mask, s_handlerMasks[signal]);
                previous->Flags = s_handlerFlags[signal];
                previous->Restorer = s_restorers[signal];
            }
            if (action != null)
            {
                s_handlers[signal] = action->Handler;
                s_handlerMasks[signal] = action->Mask[0] & ~UnblockableMask;
                s_handlerFlags[signal] = action->Flags;
                s_restorers[signal] = action->Restorer;
                if (action->Handler == SignalAction.IgnoreHandler)
                    s_pending &= ~SignalNumbers.Bit(signal); // POSIX: setting SIG_IGN discards a pending one
            }
            s_lock.Unlock();
            return 0;
        }

        /// <summary>signal(): BSD semantics as in glibc (SA_RESTART, the signal blocked during its
        /// handler). Returns the previous handler, or SIG_ERR with errno EINVAL.</summary>
        public static nint SetHandler(int signal, nint handler)
        {
            SignalAction action = default;
            action.Handler = handler;
            action.Flags = SignalAction.FlagRestart;
            SignalAction previous;
            int error = Exchange(signal, &action, &previous);
            if (error != 0)
            {
                Errno.Set(error);
                return SignalAction.ErrorHandler;
            }
            return previous.Handler;
        }

        /// <summary>sigprocmask's rules (how: 0 block, 1 unblock, 2 set). 0, or an errno value.
        /// Signals it unblocks that are pending are delivered before it returns.</summary>
        public static int ChangeBlocked(int how, ulong* set, ulong* previous)
        {
            const int Block = 0, Unblock = 1, SetMask = 2;
            if (set != null && (how < Block || how > SetMask))
                return ErrnoCodes.EINVAL;
            s_lock.Lock();
            if (previous != null)
                SignalSet.Store(previous, s_blocked);
            if (set != null)
            {
                ulong mask = set[0] & ~UnblockableMask;
                s_blocked = how == Block ? s_blocked | mask : how == Unblock ? s_blocked & ~mask : mask;
            }
            s_lock.Unlock();
            DeliverUnblockedPending();
            return 0;
        }

        /// <summary>raise (SI_TKILL) or kill of this process (SI_USER): 0, or EINVAL.</summary>
        public static int Send(int signal, int signalCode)
        {
            if (!SignalNumbers.IsValid(signal))
                return ErrnoCodes.EINVAL;
            s_lock.Lock();
            bool blocked = (s_blocked & SignalNumbers.Bit(signal)) != 0;
            if (blocked && s_handlers[signal] != SignalAction.IgnoreHandler)
                s_pending |= SignalNumbers.Bit(signal);
            s_lock.Unlock();
            if (!blocked)
                Deliver(signal, signalCode);
            return 0;
        }

        /// <summary>abort(): SIGABRT is unblocked and delivered; if its handler returns (or it is
        /// ignored), the program ends anyway with status 134, as glibc's abort ends it.</summary>
        public static void Abort()
        {
            s_lock.Lock();
            s_blocked &= ~SignalNumbers.Bit(SignalNumbers.SIGABRT);
            s_pending &= ~SignalNumbers.Bit(SignalNumbers.SIGABRT);
            s_lock.Unlock();
            Deliver(SignalNumbers.SIGABRT, SignalCodeThreadKill);
            OSv.Libc.Posix.ProgramTermination.Terminate(SignalNumbers.TerminationStatusBase + SignalNumbers.SIGABRT);
        }

        /// <summary>Forgets every disposition, mask and pending signal (tests; program start).</summary>
        public static void Reset()
        {
            s_lock.Lock();
            for (int i = 0; i < SignalNumbers.Count; i++)
            {
                s_handlers[i] = SignalAction.DefaultHandler;
                s_handlerMasks[i] = 0;
                s_handlerFlags[i] = 0;
                s_restorers[i] = 0;
            }
            s_blocked = 0;
            s_pending = 0;
            s_lock.Unlock();
        }

        private static ulong UnblockableMask =>
            SignalNumbers.Bit(SignalNumbers.SIGKILL) | SignalNumbers.Bit(SignalNumbers.SIGSTOP) |
            SignalNumbers.Bit(SignalNumbers.GlibcCancel) | SignalNumbers.Bit(SignalNumbers.GlibcSetXid);

        private static void DeliverUnblockedPending()
        {
            for (int signal = SignalNumbers.First; signal <= SignalNumbers.Last; signal++)
            {
                s_lock.Lock();
                ulong bit = SignalNumbers.Bit(signal);
                bool deliver = (s_pending & bit) != 0 && (s_blocked & bit) == 0;
                if (deliver)
                    s_pending &= ~bit;
                s_lock.Unlock();
                if (deliver)
                    Deliver(signal, SignalCodeThreadKill);
            }
        }

        private static void Deliver(int signal, int signalCode)
        {
            s_lock.Lock();
            nint handler = s_handlers[signal];
            int flags = s_handlerFlags[signal];
            ulong handlerMask = s_handlerMasks[signal];
            if (handler != SignalAction.DefaultHandler && handler != SignalAction.IgnoreHandler && (flags & SignalAction.FlagResetHandler) != 0)
                s_handlers[signal] = SignalAction.DefaultHandler;
            s_lock.Unlock();

            if (handler == SignalAction.IgnoreHandler)
                return;
            if (handler == SignalAction.DefaultHandler)
            {
                if (!SignalNumbers.DefaultIgnores(signal) && !SignalNumbers.DefaultStops(signal))
                    OSv.Libc.Posix.ProgramTermination.Terminate(SignalNumbers.TerminationStatusBase + signal);
                return;
            }
            CallHandler(signal, signalCode, handler, flags, handlerMask);
        }

        private static void CallHandler(int signal, int signalCode, nint handler, int flags, ulong handlerMask)
        {
            s_lock.Lock();
            ulong savedBlocked = s_blocked;
            s_blocked |= handlerMask | ((flags & SignalAction.FlagNoDefer) != 0 ? 0 : SignalNumbers.Bit(signal));
            s_lock.Unlock();

            if ((flags & SignalAction.FlagSigInfo) != 0)
            {
                int* info = stackalloc int[SignalInfoBytes / sizeof(int)];
                for (int i = 0; i < SignalInfoBytes / sizeof(int); i++)
                    info[i] = 0;
                info[0] = signal;      // si_signo
                info[2] = signalCode;  // si_code
                info[4] = ProcessId;   // si_pid
                ((delegate* unmanaged<int, void*, void*, void>)handler)(signal, info, null);
            }
            else
            {
                ((delegate* unmanaged<int, void>)handler)(signal);
            }

            s_lock.Lock();
            s_blocked = savedBlocked;
            s_lock.Unlock();
            DeliverUnblockedPending();
        }
    }
}
