// Runtime figures of issue 4, measured by the same code hosted (CoreCLR, `dotnet run -c Release`)
// and in an image on the real System.Private.CoreLib (`osv run`). Output is one "name value" line
// per figure, for benchmarks/runtime-compare.sh.
//
// Without "--run", Main prints one timestamp-free line and returns: that is the image
// benchmarks/OSv.Benchmarks boots with --image to take boot-to-Main from the host side (its first
// serial line is this one, and the guest arguments it passes are not "--run").
using System;

namespace OSv.Benchmarks.Runtime
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            Console.WriteLine("main reached");
            if (Array.IndexOf(args, "--run") < 0)
                return 0;
            Figures.Print("mode", OSv.Core.Machine.Platform == "metal" ? "image" : "hosted");
            EmulatorFactorBenchmark.Run();
            AllocationBenchmark.Run();
            GcPauseBenchmark.Run(16);
            GcPauseBenchmark.Run(64);
            ThrowCatchBenchmark.Run();
            Console.WriteLine("done");
            return 0;
        }
    }
}
