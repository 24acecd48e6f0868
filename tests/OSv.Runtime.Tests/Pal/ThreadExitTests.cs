// The thread-exit callback CoreLib registers: run once per call, nothing when none is registered.
using System.Runtime.InteropServices;
using OSv.Runtime.Pal;
using Xunit;

namespace OSv.Runtime.Tests.Pal
{
    [Collection(ThreadExitCollection.Name)]
    public unsafe class ThreadExitTests
    {
        private static int s_calls;

        [UnmanagedCallersOnly]
        private static void CountCall() => s_calls++;

        [Fact]
        public void Run_WithRegisteredCallback_CallsItOncePerRun()
        {
            s_calls = 0;
            ThreadExit.Register(&CountCall);
            ThreadExit.Run();
            ThreadExit.Run();
            ThreadExit.Register(null);
            Assert.Equal(2, s_calls);
        }

        private static int s_cleanups;
        private static int s_callsSeenByCleanup;

        private static void CountCleanup()
        {
            s_cleanups++;
            s_callsSeenByCleanup = s_calls;
        }

        [Fact]
        public void Run_RuntimeCleanup_RunsAfterCoreLibsCallback()
        {
            s_calls = 0;
            s_cleanups = 0;
            ThreadExit.Register(&CountCall);
            ThreadExit.RegisterRuntimeCleanup(&CountCleanup);
            ThreadExit.Run();
            ThreadExit.Register(null);
            ThreadExit.RegisterRuntimeCleanup(null);
            Assert.Equal(1, s_cleanups);
            Assert.Equal(1, s_callsSeenByCleanup);
        }

        [Fact]
        public void Run_WithoutCallback_DoesNothing()
        {
            s_calls = 0;
            ThreadExit.Register(null);
            ThreadExit.Run();
            Assert.Equal(0, s_calls);
        }
    }

    [CollectionDefinition(Name)]
    public sealed class ThreadExitCollection
    {
        public const string Name = "thread exit callback";
    }
}
