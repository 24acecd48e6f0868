// tests/images/GcStress booted with 64 MiB of RAM and 2 vCPUs: Main allocates 20 times the RAM
// in short-lived objects and a second thread a quarter of that at the same time, which only a
// collector that really frees memory survives (without one the image panics out of memory long
// before), while graphs held only by a static, only by the main stack, only by the other
// thread's stack and only through a DependentHandle must come through intact. Then a WeakReference must be
// cleared by GC.Collect and a finalizer must run (CoreLib's finalizer loop on our thread).
using System.Collections.Generic;
using Xunit;

namespace OSv.Image.Tests.GcStress
{
    [Collection(ImageCollection.Name)]
    public class GcStressTests
    {
        private const string MemoryMiB = "64";

        private static CommandResult Boot(params string[] arguments)
        {
            var all = new List<string> { "run", Images.GcStress, "--mem", MemoryMiB + "M", "--cpus", "2", "--timeout", "300", "--" };
            all.AddRange(arguments);
            return Repository.Osv(all.ToArray());
        }

        [Fact]
        public void ChurnOfTwentyTimesRam_KeepsEveryLiveGraph_CollectsWeakAndFinalizable()
        {
            CommandResult result = Boot(MemoryMiB, "20", "thread");
            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.Contains("static graph: 2000 nodes", result.Lines);
            Assert.Contains("stack graph: 2000 nodes", result.Lines);
            Assert.Contains("dependent graph: 2000 nodes", result.Lines);
            Assert.Contains("thread graph: 2000 nodes", result.Lines);
            Assert.Contains("worker churned: 320 MiB", result.Lines);
            Assert.Contains("collected: yes", result.Lines);
            Assert.Contains("heap bounded: yes", result.Lines);
            Assert.Contains("weak cleared: yes", result.Lines);
            Assert.Contains("finalizer ran: yes", result.Lines);
            Assert.Contains("graphs intact: yes", result.Lines);
        }
    }
}
