// Times the developer loop the issue cares about: `dotnet build <app> -t:OsvImage` when nothing
// changed, and after a one-line edit to the app. The edit goes to a scratch copy of the sample
// inside this project's obj/ (still under the repository, so Directory.Build.props and the image
// pipeline apply, and its ProjectReferences are rewritten to reach the same OS libraries from
// source); samples/Hello itself is never modified. Each figure is the median of TimedRuns builds,
// each preceded by an untimed build so the state being measured is the intended one.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace OSv.Benchmarks;

internal sealed record BuildTimings(Summary NoChangeSeconds, Summary OneLineChangeSeconds);

internal static class BuildTimer
{
    public const int TimedRuns = 3;
    private const int BuildTimeoutMs = 600_000;
    private const int KillWaitMs = 10_000;
    private static readonly string[] QuietBuild = { "-t:OsvImage", "-nologo", "-v:q" };

    /// <summary>Builds the app's image and returns its path (MSBuild property OsvImagePath).</summary>
    public static string BuildImage(string projectDirectory)
    {
        string output = RunBuild(projectDirectory, "-getProperty:OsvImagePath", out _);
        string imagePath = output.Trim();
        if (!File.Exists(imagePath)) throw new InvalidOperationException("The build reported an image that does not exist: '" + imagePath + "'");
        return imagePath;
    }

    public static BuildTimings Measure(string helloDirectory, string scratchDirectory)
    {
        Summary noChange = TimeNoChange(helloDirectory);
        Summary oneLineChange = TimeOneLineChange(helloDirectory, scratchDirectory);
        return new BuildTimings(noChange, oneLineChange);
    }

    private static Summary TimeNoChange(string projectDirectory)
    {
        RunBuild(projectDirectory, null, out _); // make sure the timed builds start from a completed one
        List<double> seconds = new List<double>(TimedRuns);
        for (int i = 0; i < TimedRuns; i++)
        {
            RunBuild(projectDirectory, null, out double elapsedSeconds);
            seconds.Add(elapsedSeconds);
        }
        return Statistics.Summarize(seconds);
    }

    private static Summary TimeOneLineChange(string helloDirectory, string scratchDirectory)
    {
        CopyProject(helloDirectory, scratchDirectory);
        string programPath = Path.Combine(scratchDirectory, "Program.cs");
        if (!File.Exists(programPath)) throw new InvalidOperationException("The scratch copy has no Program.cs: " + programPath);
        List<double> seconds = new List<double>(TimedRuns);
        for (int i = 0; i < TimedRuns; i++)
        {
            RunBuild(scratchDirectory, null, out _); // completed build before the edit
            File.AppendAllText(programPath, $"// benchmark edit {i + 1} at {DateTime.UtcNow:O}\n");
            RunBuild(scratchDirectory, null, out double elapsedSeconds);
            seconds.Add(elapsedSeconds);
        }
        return Statistics.Summarize(seconds);
    }

    /// <summary>Copies the project's own files (not bin/ or obj/) and points its ProjectReferences
    /// at the originals, relative to the new location.</summary>
    private static void CopyProject(string sourceDirectory, string targetDirectory)
    {
        Directory.CreateDirectory(targetDirectory);
        foreach (string source in Directory.GetFiles(sourceDirectory))
        {
            string target = Path.Combine(targetDirectory, Path.GetFileName(source));
            if (source.EndsWith(".csproj", StringComparison.Ordinal)) WriteRelocatedProject(source, sourceDirectory, target);
            else File.Copy(source, target, overwrite: true);
        }
    }

    private static void WriteRelocatedProject(string projectPath, string sourceDirectory, string targetPath)
    {
        XDocument project = XDocument.Load(projectPath, LoadOptions.PreserveWhitespace);
        string targetDirectory = Path.GetDirectoryName(targetPath)!;
        foreach (XElement reference in project.Descendants("ProjectReference"))
        {
            XAttribute include = reference.Attribute("Include") ?? throw new InvalidDataException("ProjectReference without Include in " + projectPath);
            string referenced = Path.GetFullPath(Path.Combine(sourceDirectory, include.Value));
            if (!File.Exists(referenced)) throw new FileNotFoundException("Referenced project not found", referenced);
            include.Value = Path.GetRelativePath(targetDirectory, referenced);
        }
        File.WriteAllText(targetPath, project.ToString(SaveOptions.DisableFormatting) + "\n"); // no XML declaration, like the original
    }

    /// <summary>Runs `dotnet build <dir> -t:OsvImage -nologo -v:q [extra]`, failing on a non-zero
    /// exit. Returns standard output; <paramref name="elapsedSeconds"/> is the wall time.</summary>
    private static string RunBuild(string projectDirectory, string? extraArgument, out double elapsedSeconds)
    {
        ProcessStartInfo info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("build");
        info.ArgumentList.Add(projectDirectory);
        foreach (string argument in QuietBuild) info.ArgumentList.Add(argument);
        if (extraArgument is not null) info.ArgumentList.Add(extraArgument);

        Stopwatch stopwatch = Stopwatch.StartNew();
        using Process process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(BuildTimeoutMs))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(KillWaitMs);
            throw new TimeoutException($"dotnet build {projectDirectory} took over {BuildTimeoutMs / 1000} s and was killed");
        }
        elapsedSeconds = stopwatch.Elapsed.TotalSeconds;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build {projectDirectory} failed ({process.ExitCode}):\n{output.Result}{error.Result}");
        }
        return output.Result;
    }
}
