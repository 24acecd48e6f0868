// Entry point: reads the options (System.CommandLine) and runs the measurements in order (image,
// boot under TCG, boot under KVM where usable, image size, build times), then prints the Markdown
// report to stdout. Progress goes to stderr so stdout can be pasted as is.
using System;
using System.CommandLine;
using System.IO;
using OSv.Benchmarks;

Option<int> runs = new Option<int>("--runs")
{
    Description = "Timed boots per accelerator (after " + BootTimer.WarmUpRuns + " warm-ups); at least " + Benchmark.RunsMin + ".",
    DefaultValueFactory = _ => 20,
};
runs.Validators.Add(result =>
{
    int value = result.GetValueOrDefault<int>();
    if (value < Benchmark.RunsMin || value > Benchmark.RunsMax) result.AddError($"--runs must be between {Benchmark.RunsMin} and {Benchmark.RunsMax}.");
});
Option<string?> image = new Option<string?>("--image") { Description = "Boot this image instead of building samples/Hello." };
Option<bool> skipBuildTiming = new Option<bool>("--skip-build-timing") { Description = "Do not time incremental builds." };
Option<string> qemu = new Option<string>("--qemu")
{
    Description = "The QEMU executable.",
    DefaultValueFactory = _ => "qemu-system-x86_64",
};

RootCommand root = new RootCommand("Measures OSv.NET boot time, image size and incremental build time; prints Markdown.")
{
    runs, image, skipBuildTiming, qemu,
};
root.SetAction(result => Benchmark.Run(result.GetValue(runs), result.GetValue(image), result.GetValue(skipBuildTiming), result.GetValue(qemu)!));
return root.Parse(args).Invoke();

namespace OSv.Benchmarks
{
    internal static class Benchmark
    {
        public const int RunsMin = 10;
        public const int RunsMax = 1000;
        private const int RepositorySearchDepthMax = 16;

        public static int Run(int runs, string? imageOption, bool skipBuildTiming, string qemuPath)
        {
            string loadAtStart = HostProbe.LoadAverage();
            string repositoryRoot = FindRepositoryRoot();
            string helloDirectory = Path.Combine(repositoryRoot, "samples", "Hello");
            string imagePath = imageOption is null ? BuildHello(helloDirectory) : Path.GetFullPath(imageOption);
            if (!File.Exists(imagePath)) { Console.Error.WriteLine("No image at " + imagePath); return 1; }

            Progress($"booting {imagePath} under TCG: {BootTimer.WarmUpRuns} warm-ups + {runs} runs");
            BootResult tcg = BootTimer.Measure("TCG", qemuPath, imagePath, BootTimer.TcgArguments, runs);
            string? kvmUnavailableReason = HostProbe.KvmUnavailableReason();
            BootResult? kvm = null;
            if (kvmUnavailableReason is null)
            {
                Progress("booting under KVM");
                kvm = BootTimer.Measure("KVM", qemuPath, imagePath, BootTimer.KvmArguments, runs);
            }
            ElfSegments segments = ElfSegments.Read(imagePath);
            BuildTimings? build = skipBuildTiming ? null : TimeBuilds(repositoryRoot, helloDirectory);

            string host = $"{Environment.ProcessorCount} logical CPUs (1-min load average {loadAtStart} at start, {HostProbe.LoadAverage()} at end); "
                + $"{HostProbe.QemuVersion(qemuPath)}; .NET {Environment.Version}";
            Report.Write(Console.Out, new Measurements(Path.GetRelativePath(repositoryRoot, imagePath), host, runs, tcg, kvm, kvmUnavailableReason, segments, build));
            return 0;
        }

        private static string BuildHello(string helloDirectory)
        {
            Progress("building " + helloDirectory + " (-t:OsvImage)");
            return BuildTimer.BuildImage(helloDirectory);
        }

        private static BuildTimings TimeBuilds(string repositoryRoot, string helloDirectory)
        {
            string scratchDirectory = Path.Combine(repositoryRoot, "benchmarks", "OSv.Benchmarks", "obj", "scratch-hello");
            Progress($"timing builds: {BuildTimer.TimedRuns} no-change builds, then {BuildTimer.TimedRuns} one-line changes in {scratchDirectory}");
            return BuildTimer.Measure(helloDirectory, scratchDirectory);
        }

        /// <summary>The nearest directory above the working directory that holds OSv.sln.</summary>
        private static string FindRepositoryRoot()
        {
            DirectoryInfo? directory = new DirectoryInfo(Directory.GetCurrentDirectory());
            for (int depth = 0; depth < RepositorySearchDepthMax && directory is not null; depth++)
            {
                if (File.Exists(Path.Combine(directory.FullName, "OSv.sln"))) return directory.FullName;
                directory = directory.Parent;
            }
            throw new InvalidOperationException("Run this from inside the OSv.NET repository (no OSv.sln found above " + Directory.GetCurrentDirectory() + ").");
        }

        private static void Progress(string message) => Console.Error.WriteLine("[bench] " + message);
    }
}
