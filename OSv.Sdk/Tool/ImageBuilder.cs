// Builds an application's VM image with the SDK's OsvImage target (OSv.Sdk/build/
// OSv.Sdk.targets) and finds where it landed. The build's output streams to the terminal; the
// image path then comes from evaluating OsvImagePath, which is exact where scraping the build
// log ("<Project> -> <path>.elf") would not be.
using System.Collections.Generic;
using System.IO;

namespace OSv.Tool
{
    internal static class ImageBuilder
    {
        public const string DotnetExecutable = "dotnet";
        public const string DefaultConfiguration = "Debug";

        public static string Build(string projectPath, string configuration)
        {
            string dotnet = FindDotnet();
            ChildResult build = ChildProcess.Run(dotnet, BuildArguments(projectPath, configuration));
            if (build.ExitStatus != 0)
                throw new ToolError("building '" + projectPath + "' failed (dotnet exited with " + build.ExitStatus + ").", build.ExitStatus);
            string imagePath = QueryImagePath(dotnet, projectPath, configuration);
            if (!File.Exists(imagePath))
                throw new ToolError("the build succeeded but left no image at '" + imagePath + "'.");
            return imagePath;
        }

        public static List<string> BuildArguments(string projectPath, string configuration) =>
            new List<string> { "build", projectPath, "-t:OsvImage", "-c", configuration, "-nologo" };

        public static List<string> QueryArguments(string projectPath, string configuration) =>
            new List<string> { "msbuild", projectPath, "-getProperty:OsvImagePath", "-p:Configuration=" + configuration, "-nologo" };

        private static string QueryImagePath(string dotnet, string projectPath, string configuration)
        {
            (int status, string output) = ChildProcess.Capture(dotnet, QueryArguments(projectPath, configuration));
            string imagePath = output.Trim();
            if (status != 0)
                throw new ToolError("could not read OsvImagePath of '" + projectPath + "' (dotnet exited with " + status + ").", status);
            if (imagePath.Length == 0)
                throw new ToolError("'" + projectPath + "' has no OsvImagePath: is it an OSv.NET application (does it reference OSv.Core)?");
            return imagePath;
        }

        private static string FindDotnet() =>
            ExecutableLocator.Find(DotnetExecutable)
            ?? throw new ToolError("dotnet was not found on PATH. Install the .NET SDK: https://dot.net/download");
    }
}
