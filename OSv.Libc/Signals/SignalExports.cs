// <signal.h>'s functions as C exports, over SignalTable and SignalSet. Results as in glibc:
// -1 with errno for the sigset functions, sigaction, sigprocmask, raise and kill; the error
// number itself for pthread_sigmask; SIG_ERR for signal. kill reaches only this process (pid 1,
// or 0 and -1, the process group and "every process", which here are this one); any other pid is
// ESRCH. alarm never fires (no asynchronous signals): it returns 0, no previous alarm.
namespace OSv.Libc.Signals
{
    using System.Runtime.InteropServices;
    using OSv.Libc.Errors;

    public static unsafe class SignalExports
    {
        private const int OwnProcessId = 1;

        public static void Register(OSv.Libc.Abi.ExportTable table)
        {
            table.Add("signal"u8, (nint)(delegate* unmanaged<int, nint, nint>)&Signal);
            table.Add("bsd_signal"u8, (nint)(delegate* unmanaged<int, nint, nint>)&Signal);
            table.Add("__sysv_signal"u8, (nint)(delegate* unmanaged<int, nint, nint>)&Signal);
            table.Add("sysv_signal"u8, (nint)(delegate* unmanaged<int, nint, nint>)&Signal);
            table.Add("sigaction"u8, (nint)(delegate* unmanaged<int, SignalAction*, SignalAction*, int>)&SigAction);
            table.Add("__sigaction"u8, (nint)(delegate* unmanaged<int, SignalAction*, SignalAction*, int>)&SigAction);
            table.Add("sigemptyset"u8, (nint)(delegate* unmanaged<ulong*, int>)&SigEmptySet);
            table.Add("sigfillset"u8, (nint)(delegate* unmanaged<ulong*, int>)&SigFillSet);
            table.Add("sigaddset"u8, (nint)(delegate* unmanaged<ulong*, int, int>)&SigAddSet);
            table.Add("sigdelset"u8, (nint)(delegate* unmanaged<ulong*, int, int>)&SigDelSet);
            table.Add("sigismember"u8, (nint)(delegate* unmanaged<ulong*, int, int>)&SigIsMember);
            table.Add("sigprocmask"u8, (nint)(delegate* unmanaged<int, ulong*, ulong*, int>)&SigProcMask);
            table.Add("pthread_sigmask"u8, (nint)(delegate* unmanaged<int, ulong*, ulong*, int>)&PthreadSigMask);
            table.Add("sigpending"u8, (nint)(delegate* unmanaged<ulong*, int>)&SigPending);
            table.Add("raise"u8, (nint)(delegate* unmanaged<int, int>)&Raise);
            table.Add("kill"u8, (nint)(delegate* unmanaged<int, int, int>)&Kill);
            table.Add("abort"u8, (nint)(delegate* unmanaged<void>)&Abort);
            table.Add("alarm"u8, (nint)(delegate* unmanaged<uint, uint>)&Alarm);
            table.Add("siginterrupt"u8, (nint)(delegate* unmanaged<int, int, int>)&SigInterrupt);
        }

        [UnmanagedCallersOnly]
        public static nint Signal(int signal, nint handler) => SignalTable.SetHandler(signal, handler);

        [UnmanagedCallersOnly]
        public static int SigAction(int signal, SignalAction* action, SignalAction* previous) =>
            Result(SignalTable.Exchange(signal, action, previous));

        [UnmanagedCallersOnly]
        public static int SigEmptySet(ulong* set) => SignalSet.Empty(set);

        [UnmanagedCallersOnly]
        public static int SigFillSet(ulong* set) => SignalSet.Fill(set);

        [UnmanagedCallersOnly]
        public static int SigAddSet(ulong* set, int signal) => SignalSet.Add(set, signal);

        [UnmanagedCallersOnly]
        public static int SigDelSet(ulong* set, int signal) => SignalSet.Delete(set, signal);

        [UnmanagedCallersOnly]
        public static int SigIsMember(ulong* set, int signal) => SignalSet.IsMember(set, signal);

        [UnmanagedCallersOnly]
        public static int SigProcMask(int how, ulong* set, ulong* previous) =>
            Result(SignalTable.ChangeBlocked(how, set, previous));

        [UnmanagedCallersOnly]
        public static int PthreadSigMask(int how, ulong* set, ulong* previous) =>
            SignalTable.ChangeBlocked(how, set, previous);

        [UnmanagedCallersOnly]
        public static int SigPending(ulong* set)
        {
            if (set == null)
                return Result(ErrnoCodes.EFAULT);
            SignalSet.Store(set, SignalTable.PendingMask & SignalTable.BlockedMask);
            return 0;
        }

        [UnmanagedCallersOnly]
        public static int Raise(int signal) => Result(SignalTable.Send(signal, SignalTable.SignalCodeThreadKill));

        [UnmanagedCallersOnly]
        public static int Kill(int processId, int signal) => KillProcess(processId, signal);

        /// <summary>kill's rules, callable from C#.</summary>
        public static int KillProcess(int processId, int signal)
        {
            if (signal != 0 && !SignalNumbers.IsValid(signal))
                return Result(ErrnoCodes.EINVAL);
            if (processId != OwnProcessId && processId != 0 && processId != -1 && processId != -OwnProcessId)
                return Result(ErrnoCodes.ESRCH);
            if (signal == 0)
                return 0; // only asks whether the process exists
            return Result(SignalTable.Send(signal, SignalTable.SignalCodeUser));
        }

        [UnmanagedCallersOnly]
        public static void Abort() => SignalTable.Abort();

        [UnmanagedCallersOnly]
        public static uint Alarm(uint seconds) => 0;

        [UnmanagedCallersOnly]
        public static int SigInterrupt(int signal, int interrupt) =>
            SignalNumbers.IsValid(signal) ? 0 : Result(ErrnoCodes.EINVAL);

        private static int Result(int error)
        {
            if (error == 0)
                return 0;
            Errno.Set(error);
            return -1;
        }
    }
}
