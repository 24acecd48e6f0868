// Boots the KernelCore image: threads, parking, sleeping, preemption on the metal scheduler
// (one vCPU: SMP is not started yet), and the failure scenarios that must end in a panic.
using System;
using System.Linq;
using Xunit;

namespace OSv.Image.Tests
{
    [Collection(ImageCollection.Name)]
    public class KernelCoreTests
    {
        private const int AllChecksPassedExitCode = 42;
        private const int PanicExitCode = 127;

        private static readonly Lazy<CommandResult> Boot = new(() => Repository.Osv("run", Images.KernelCore, "--cpus", "1", "--timeout", "120"));

        public static readonly TheoryData<string, string[]> Features = new()
        {
            { "threads start and join", new[] { "thread.results", "thread.current.main", "threads.many.joined" } },
            { "park and unpark", new[] { "park.pingpong", "park.permit.before.park" } },
            { "park timeout", new[] { "park.timeout.returns.false", "park.timeout.waits", "park.timeout.bounded" } },
            { "sleep", new[] { "sleep.not.early", "sleep.wakes.within.bound" } },
            { "preemption", new[] { "preemption.spinner.released" } },
            { "yield", new[] { "yield.both.ran" } },
        };

        [Theory]
        [MemberData(nameof(Features))]
        public void Feature_InGuest_AllChecksPass(string feature, string[] checks)
        {
            foreach (string check in checks)
                Assert.True(Boot.Value.Lines.Contains("PASS " + check), feature + ": no 'PASS " + check + "':\n" + Boot.Value.Describe());
        }

        [Fact]
        public void Guest_ReportsNoFailuresAndExits42()
        {
            Assert.DoesNotContain(Boot.Value.Lines, line => line.StartsWith("FAIL", StringComparison.Ordinal));
            Assert.True(Boot.Value.ExitCode == AllChecksPassedExitCode, Boot.Value.Describe());
        }

        [Fact]
        public void FaultInThread_PanicNamesTheThreadBody()
        {
            CommandResult result = Repository.Osv("run", Images.KernelCore, "--timeout", "60", "--", "fault-in-thread");
            Assert.True(result.ExitCode == PanicExitCode, result.Describe());
            Assert.Contains("PANIC: page fault (null reference)", result.Lines);
            Assert.Contains(result.Lines, line => line.StartsWith("  rip 0x", StringComparison.Ordinal) && line.Contains("KernelCore_Failures", StringComparison.Ordinal));
            Assert.Contains(result.Lines, line => line.Contains("Thread__Run+0x", StringComparison.Ordinal));
        }

        [Fact]
        public void StackOverflowInThread_GuardPageFaultNamesTheThread()
        {
            CommandResult result = Repository.Osv("run", Images.KernelCore, "--timeout", "60", "--", "stack-overflow");
            Assert.True(result.ExitCode == PanicExitCode, result.Describe());
            Assert.Contains("PANIC: page fault (stack overflow in thread 'deep')", result.Lines);
            Assert.Contains(result.Lines, line => line.StartsWith("  rip 0x", StringComparison.Ordinal) && line.Contains("KernelCore_Failures__Recurse", StringComparison.Ordinal));
        }

        [Fact]
        public void AllocatingAllMemory_EndsInOutOfMemoryPanic()
        {
            CommandResult result = Repository.Osv("run", Images.KernelCore, "--mem", "64M", "--timeout", "120", "--", "out-of-memory");
            Assert.True(result.ExitCode == PanicExitCode, result.Describe());
            Assert.Contains(result.Lines, line => line.StartsWith("PANIC: out of memory: the heap cannot supply ", StringComparison.Ordinal));
            Assert.Contains(result.Lines, line => line.Contains("Heap__AllocateObject+0x", StringComparison.Ordinal));
        }
    }
}
