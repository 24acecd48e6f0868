// Runtime figures of issue 4, measured by the same code hosted (CoreCLR, `dotnet run -c Release`)
// and in an image on the real System.Private.CoreLib (`osv run`). Output is one "name value" line
// per figure, for benchmarks/runtime-compare.sh.
//
// Without "--run", Main prints one timestamp-free line and returns: that is the image
// benchmarks/OSv.Benchmarks boots with --image to take boot-to-Main from the host side (its first
// serial line is this one, and the guest arguments it passes are not "--run"). With
// "--interface-calls-only" too, only the emulator loops and the interface-call figures run.
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
            if (Array.IndexOf(args, "--interface-calls-only") >= 0)
            {
                InterfaceCallBenchmark.Run();
                Console.WriteLine("done");
                return 0;
            }
            AllocationBenchmark.Run();
            GcPauseBenchmark.Run(16);
            GcPauseBenchmark.Run(64);
            ThrowCatchBenchmark.Run();
            InterfaceCallBenchmark.Run();
            Console.WriteLine("done");
            return 0;
        }
    }
}
