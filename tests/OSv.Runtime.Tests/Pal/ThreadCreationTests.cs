// CreateThread runs the unmanaged entry point with its parameter on a new kernel thread.
using System.Runtime.InteropServices;
using System.Threading;
using OSv.Runtime.Pal;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    public unsafe class ThreadCreationTests
    {
        private static int s_received;
        private static int s_ranOnThreadId;
        private static readonly ManualResetEventSlim s_done = new ManualResetEventSlim();

        [UnmanagedCallersOnly]
        private static nint Entry(nint parameter)
        {
            s_received = (int)parameter;
            s_ranOnThreadId = System.Environment.CurrentManagedThreadId;
            s_done.Set();
            return 0;
        }

        [Fact]
        public void CreateThread_RunsEntryWithParameter_OnAnotherThread()
        {
            s_done.Reset();
            Assert.Equal(1, ThreadCreation.CreateThread(0, &Entry, 4242));
            Assert.True(s_done.Wait(10_000));
            Assert.Equal(4242, s_received);
            Assert.NotEqual(System.Environment.CurrentManagedThreadId, s_ranOnThreadId);
        }

        [Fact]
        public void CreateThread_WithStackSize_Runs()
        {
            s_done.Reset();
            Assert.Equal(1, ThreadCreation.CreateThread(256 * 1024 + 1, &Entry, 7));
            Assert.True(s_done.Wait(10_000));
            Assert.Equal(7, s_received);
        }

        [Fact]
        public void CreateThread_StackTooLarge_FailsWithEinval()
        {
            Assert.Equal(0, ThreadCreation.CreateThread((nint)1 << 40, &Entry, 0));
            Assert.Equal(LinuxErrno.EINVAL, ThreadErrno.GetErrNo());
        }
    }
}
