// Signal sets against the host's glibc, and synchronous delivery: handlers run inside raise,
// SIG_IGN and ignore-by-default signals do nothing, blocked signals wait for sigprocmask, and a
// default action that terminates calls the program's termination hook with 128 + signal.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using OSv.Libc.Errors;
using OSv.Libc.Posix;
using OSv.Libc.Signals;
using OSv.Libc.Tests.Misc;
using Xunit;

namespace OSv.Libc.Tests.Signals
{
    [CollectionDefinition("C signals", DisableParallelization = true)]
    public sealed class CSignalsCollection { }

    [Collection("C signals")]
    public sealed unsafe class SignalTests : IDisposable
    {
        private static readonly List<int> s_received = new List<int>();
        private static readonly List<int> s_codes = new List<int>();

        private sealed class ProgramTerminatedException : Exception
        {
            public ProgramTerminatedException(int status) : base("terminated " + status) { Status = status; }
            public int Status { get; }
        }

        public SignalTests()
        {
            SignalTable.Reset();
            s_received.Clear();
            s_codes.Clear();
            ProgramTermination.Hook = &ThrowTerminated;
        }

        public void Dispose()
        {
            ProgramTermination.Hook = null;
            SignalTable.Reset();
        }

        private static void ThrowTerminated(int status) => throw new ProgramTerminatedException(status);

        [UnmanagedCallersOnly]
        private static void RecordSignal(int signal) => s_received.Add(signal);

        [UnmanagedCallersOnly]
        private static void RecordSignalInfo(int signal, void* info, void* context)
        {
            s_received.Add(((int*)info)[0]);
            s_codes.Add(((int*)info)[2]);
        }

        // A handler that raises its own signal again: with the signal blocked during the handler,
        // the second one waits until the handler returns.
        [UnmanagedCallersOnly]
        private static void RaiseAgainOnce(int signal)
        {
            s_received.Add(signal);
            if (s_received.Count == 1)
                SignalTable.Send(signal, SignalTable.SignalCodeThreadKill);
            s_received.Add(-signal);
        }

        private static nint RecordSignalAddress => (nint)(delegate* unmanaged<int, void>)&RecordSignal;

        [Fact]
        public void SetOperations_EverySignalNumber_MatchGlibc()
        {
            ulong* ours = stackalloc ulong[16];
            ulong* host = stackalloc ulong[16];
            var empty = (delegate* unmanaged<ulong*, int>)PosixExports.Address("sigemptyset");
            var fill = (delegate* unmanaged<ulong*, int>)PosixExports.Address("sigfillset");
            var add = (delegate* unmanaged<ulong*, int, int>)PosixExports.Address("sigaddset");
            var delete = (delegate* unmanaged<ulong*, int, int>)PosixExports.Address("sigdelset");
            var member = (delegate* unmanaged<ulong*, int, int>)PosixExports.Address("sigismember");
            Assert.Equal(HostLibc.SigFillSet(host), fill(ours));
            AssertSameSet(host, ours);
            Assert.Equal(HostLibc.SigEmptySet(host), empty(ours));
            AssertSameSet(host, ours);
            for (int signal = -2; signal <= 70; signal++)
            {
                CompareWithHost(HostLibc.SigAddSet(host, signal), add(ours, signal), signal, "sigaddset");
                AssertSameSet(host, ours);
                CompareWithHost(HostLibc.SigIsMember(host, signal), member(ours, signal), signal, "sigismember");
            }
            for (int signal = -2; signal <= 70; signal += 3)
            {
                CompareWithHost(HostLibc.SigDelSet(host, signal), delete(ours, signal), signal, "sigdelset");
                AssertSameSet(host, ours);
            }
        }

        [Fact]
        public void Raise_WithHandler_RunsItBeforeReturning()
        {
            var signal = (delegate* unmanaged<int, nint, nint>)PosixExports.Address("signal");
            var raise = (delegate* unmanaged<int, int>)PosixExports.Address("raise");
            Assert.Equal(SignalAction.DefaultHandler, signal(SignalNumbers.SIGUSR1, RecordSignalAddress));
            Assert.Equal(0, raise(SignalNumbers.SIGUSR1));
            Assert.Equal(new[] { SignalNumbers.SIGUSR1 }, s_received);
            Assert.Equal(RecordSignalAddress, signal(SignalNumbers.SIGUSR1, SignalAction.DefaultHandler));
        }

        [Fact]
        public void Sigaction_SigInfo_PassesSignalAndCode()
        {
            SignalAction action = default;
            action.Handler = (nint)(delegate* unmanaged<int, void*, void*, void>)&RecordSignalInfo;
            action.Flags = SignalAction.FlagSigInfo;
            var sigaction = (delegate* unmanaged<int, SignalAction*, SignalAction*, int>)PosixExports.Address("sigaction");
            Assert.Equal(0, sigaction(SignalNumbers.SIGUSR2, &action, null));
            var raise = (delegate* unmanaged<int, int>)PosixExports.Address("raise");
            var kill = (delegate* unmanaged<int, int, int>)PosixExports.Address("kill");
            Assert.Equal(0, raise(SignalNumbers.SIGUSR2));
            Assert.Equal(0, kill(1, SignalNumbers.SIGUSR2));
            Assert.Equal(new[] { SignalNumbers.SIGUSR2, SignalNumbers.SIGUSR2 }, s_received);
            Assert.Equal(new[] { SignalTable.SignalCodeThreadKill, SignalTable.SignalCodeUser }, s_codes);
        }

        [Fact]
        public void Sigaction_OldAction_ReportsWhatWasInstalled()
        {
            var sigaction = (delegate* unmanaged<int, SignalAction*, SignalAction*, int>)PosixExports.Address("sigaction");
            SignalAction action = default, previous = default;
            action.Handler = RecordSignalAddress;
            action.Flags = SignalAction.FlagRestart;
            action.Mask[0] = SignalNumbers.Bit(SignalNumbers.SIGINT);
            Assert.Equal(0, sigaction(SignalNumbers.SIGTERM, &action, null));
            Assert.Equal(0, sigaction(SignalNumbers.SIGTERM, null, &previous));
            Assert.Equal(RecordSignalAddress, previous.Handler);
            Assert.Equal(SignalAction.FlagRestart, previous.Flags);
            Assert.Equal(SignalNumbers.Bit(SignalNumbers.SIGINT), previous.Mask[0]);
        }

        [Theory]
        [InlineData(SignalNumbers.SIGKILL)]
        [InlineData(SignalNumbers.SIGSTOP)]
        [InlineData(0)]
        [InlineData(65)]
        [InlineData(32)]
        public void Sigaction_UncatchableOrInvalid_IsEinval(int signalNumber)
        {
            var sigaction = (delegate* unmanaged<int, SignalAction*, SignalAction*, int>)PosixExports.Address("sigaction");
            SignalAction action = default;
            action.Handler = SignalAction.IgnoreHandler;
            PosixExports.ClearErrno();
            Assert.Equal(-1, sigaction(signalNumber, &action, null));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
            var signal = (delegate* unmanaged<int, nint, nint>)PosixExports.Address("signal");
            Assert.Equal(SignalAction.ErrorHandler, signal(signalNumber, SignalAction.IgnoreHandler));
        }

        [Fact]
        public void Ignored_AndIgnoredByDefault_SignalsDoNothing()
        {
            var signal = (delegate* unmanaged<int, nint, nint>)PosixExports.Address("signal");
            var raise = (delegate* unmanaged<int, int>)PosixExports.Address("raise");
            signal(SignalNumbers.SIGTERM, SignalAction.IgnoreHandler);
            Assert.Equal(0, raise(SignalNumbers.SIGTERM));
            Assert.Equal(0, raise(SignalNumbers.SIGCHLD));
            Assert.Equal(0, raise(SignalNumbers.SIGWINCH));
            Assert.Empty(s_received);
        }

        [Theory]
        [InlineData(SignalNumbers.SIGTERM, 143)]
        [InlineData(SignalNumbers.SIGKILL, 137)]
        [InlineData(SignalNumbers.SIGUSR1, 138)]
        [InlineData(SignalNumbers.SIGABRT, 134)]
        public void DefaultTerminatingSignal_CallsTheHook(int signalNumber, int status)
        {
            var terminated = Assert.Throws<ProgramTerminatedException>(() => SignalTable.Send(signalNumber, SignalTable.SignalCodeThreadKill));
            Assert.Equal(status, terminated.Status);
        }

        [Fact]
        public void Abort_AfterAHandlerReturns_StillTerminatesWith134()
        {
            SignalTable.SetHandler(SignalNumbers.SIGABRT, RecordSignalAddress);
            var terminated = Assert.Throws<ProgramTerminatedException>(() => SignalTable.Abort());
            Assert.Equal(134, terminated.Status);
            Assert.Equal(new[] { SignalNumbers.SIGABRT }, s_received);
        }

        [Fact]
        public void Abort_WhenIgnored_StillTerminatesWith134()
        {
            SignalTable.SetHandler(SignalNumbers.SIGABRT, SignalAction.IgnoreHandler);
            Assert.Equal(134, Assert.Throws<ProgramTerminatedException>(() => SignalTable.Abort()).Status);
        }

        [Fact]
        public void BlockedSignal_IsPending_UntilUnblocked()
        {
            var sigprocmask = (delegate* unmanaged<int, ulong*, ulong*, int>)PosixExports.Address("sigprocmask");
            var sigpending = (delegate* unmanaged<ulong*, int>)PosixExports.Address("sigpending");
            var raise = (delegate* unmanaged<int, int>)PosixExports.Address("raise");
            SignalTable.SetHandler(SignalNumbers.SIGUSR1, RecordSignalAddress);
            ulong* set = stackalloc ulong[16];
            ulong* old = stackalloc ulong[16];
            SignalSet.Empty(set);
            SignalSet.Add(set, SignalNumbers.SIGUSR1);
            Assert.Equal(0, sigprocmask(0, set, old));
            Assert.Equal(0UL, old[0]);
            Assert.Equal(0, raise(SignalNumbers.SIGUSR1));
            Assert.Empty(s_received);
            ulong* pending = stackalloc ulong[16];
            Assert.Equal(0, sigpending(pending));
            Assert.Equal(SignalNumbers.Bit(SignalNumbers.SIGUSR1), pending[0]);
            Assert.Equal(0, sigprocmask(1, set, old));
            Assert.Equal(SignalNumbers.Bit(SignalNumbers.SIGUSR1), old[0]);
            Assert.Equal(new[] { SignalNumbers.SIGUSR1 }, s_received);
        }

        [Fact]
        public void Sigprocmask_CannotBlockKillOrStop_AndRefusesBadHow()
        {
            var sigprocmask = (delegate* unmanaged<int, ulong*, ulong*, int>)PosixExports.Address("sigprocmask");
            var pthreadSigmask = (delegate* unmanaged<int, ulong*, ulong*, int>)PosixExports.Address("pthread_sigmask");
            ulong* set = stackalloc ulong[16];
            ulong* old = stackalloc ulong[16];
            SignalSet.Fill(set);
            set[0] = ulong.MaxValue;
            Assert.Equal(0, sigprocmask(2, set, null));
            Assert.Equal(0, sigprocmask(2, null, old));
            Assert.Equal(0UL, old[0] & (SignalNumbers.Bit(SignalNumbers.SIGKILL) | SignalNumbers.Bit(SignalNumbers.SIGSTOP)));
            PosixExports.ClearErrno();
            Assert.Equal(-1, sigprocmask(3, set, null));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
            Assert.Equal(ErrnoCodes.EINVAL, pthreadSigmask(7, set, null));
        }

        [Fact]
        public void SignalDuringItsHandler_WaitsUntilTheHandlerReturns()
        {
            SignalTable.SetHandler(SignalNumbers.SIGHUP, (nint)(delegate* unmanaged<int, void>)&RaiseAgainOnce);
            Assert.Equal(0, SignalTable.Send(SignalNumbers.SIGHUP, SignalTable.SignalCodeThreadKill));
            Assert.Equal(new[] { 1, -1, 1, -1 }, s_received);
        }

        [Fact]
        public void ResetHandFlag_RestoresTheDefaultBeforeTheHandlerRuns()
        {
            SignalAction action = default;
            action.Handler = RecordSignalAddress;
            action.Flags = SignalAction.FlagResetHandler;
            SignalTable.Exchange(SignalNumbers.SIGUSR2, &action, null);
            Assert.Equal(0, SignalTable.Send(SignalNumbers.SIGUSR2, SignalTable.SignalCodeThreadKill));
            Assert.Equal(new[] { SignalNumbers.SIGUSR2 }, s_received);
            Assert.Equal(140, Assert.Throws<ProgramTerminatedException>(() => SignalTable.Send(SignalNumbers.SIGUSR2, 0)).Status);
        }

        [Fact]
        public void Kill_OtherProcess_IsEsrch_SignalZero_OnlyChecks()
        {
            var kill = (delegate* unmanaged<int, int, int>)PosixExports.Address("kill");
            PosixExports.ClearErrno();
            Assert.Equal(-1, kill(2, SignalNumbers.SIGTERM));
            Assert.Equal(ErrnoCodes.ESRCH, PosixExports.Errno);
            Assert.Equal(0, kill(1, 0));
            PosixExports.ClearErrno();
            Assert.Equal(-1, kill(1, 99));
            Assert.Equal(ErrnoCodes.EINVAL, PosixExports.Errno);
        }

        [Fact]
        public void Alarm_NeverFires_ReturnsZero()
        {
            var alarm = (delegate* unmanaged<uint, uint>)PosixExports.Address("alarm");
            Assert.Equal(0u, alarm(5));
            Assert.Equal(0u, alarm(0));
        }

        private static void CompareWithHost(int hostResult, int ourResult, int signal, string function)
        {
            int hostErrno = Marshal.GetLastPInvokeError();
            Assert.True(hostResult == ourResult, $"{function}({signal}): glibc {hostResult}, ours {ourResult}");
            if (hostResult == -1)
                Assert.True(hostErrno == PosixExports.Errno, $"{function}({signal}) errno: glibc {hostErrno}, ours {PosixExports.Errno}");
        }

        private static void AssertSameSet(ulong* host, ulong* ours)
        {
            for (int i = 0; i < 16; i++)
                Assert.True(host[i] == ours[i], $"word {i}: glibc {host[i]:x}, ours {ours[i]:x}");
        }
    }
}
