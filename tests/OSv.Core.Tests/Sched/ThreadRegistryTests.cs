// The thread registry (ThreadRegistry.cs), hosted: threads are listed while alive, not after.
using System;
using OSv.Core.Sched;
using Xunit;
using Thread = OSv.Core.Sched.Thread;

namespace OSv.Core.Tests.Sched
{
    public unsafe class ThreadRegistryTests
    {
        [ThreadStatic]
        private static Thread? t_sought;

        [ThreadStatic]
        private static int t_found;

        private static void CountSought(Thread thread, void* context)
        {
            if (thread == t_sought)
                t_found++;
        }

        private static int TimesListed(Thread thread)
        {
            t_sought = thread;
            t_found = 0;
            Thread.VisitAll(&CountSought, null);
            t_sought = null;
            return t_found;
        }

        [Fact]
        public void VisitAll_RunningThread_ListedOnce()
        {
            using var release = new System.Threading.ManualResetEventSlim();
            Thread running = Thread.Start(() => release.Wait(), "registry-running");
            Assert.True(running.IsRegistered);
            Assert.Equal(1, TimesListed(running));
            release.Set();
            running.Join();
        }

        [Fact]
        public void VisitAll_ExitedThread_NotListed()
        {
            Thread exited = Thread.Start(() => { }, "registry-exited");
            exited.Join();
            Assert.False(exited.IsRegistered);
            Assert.Equal(0, TimesListed(exited));
        }

        [Fact]
        public void VisitAll_CountsWhatItVisits()
        {
            Thread self = Thread.Current; // a host thread becomes a Thread (and registered) here
            int visited = Thread.VisitAll(&Ignore, null);
            Assert.True(self.IsRegistered);
            Assert.True(visited >= 1);
        }

        private static void Ignore(Thread thread, void* context)
        {
        }

        [Fact]
        public void WorldStop_Hosted_StopAndResumeCount()
        {
            long before = WorldStop.StopCount;
            ulong token = WorldStop.StopOtherProcessors();
            Assert.True(WorldStop.IsStopped);
            WorldStop.ResumeOtherProcessors(token);
            Assert.True(WorldStop.StopCount >= before + 1);
        }
    }
}
