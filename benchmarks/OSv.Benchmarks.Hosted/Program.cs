// Entry point: BenchmarkDotNet's switcher, so that --filter, --job and the other standard options
// pick what to run, e.g. `-- --filter '*Mutex*' --job short`.
using BenchmarkDotNet.Running;

namespace OSv.Benchmarks.Hosted
{
    public static class Program
    {
        public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
