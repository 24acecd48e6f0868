// Hosted, there is no virtio device to measure.
internal static class NetBenchmark
{
    public static int Run(string[] args)
    {
        System.Console.WriteLine("this is an image: run it through benchmarks/OSv.Benchmarks.Net");
        return 2;
    }
}
