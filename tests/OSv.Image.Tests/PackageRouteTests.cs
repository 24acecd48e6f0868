// The package route: pack the OSv packages, create an app outside the repository with
// `dotnet new console`, add OSv.Runtime (it brings OSv.Core and OSv.Sdk) from the packed folder, and build and boot its image with
// the same one command. A unique version keeps earlier packs in the NuGet cache out of play.
using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace OSv.Image.Tests
{
    [Collection(ImageCollection.Name)]
    public sealed class PackageRouteTests : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("osv-package-route-").FullName;
        private readonly string _version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");

        public void Dispose()
        {
            Directory.Delete(_directory, recursive: true);
            // The packed test versions would otherwise stay in the global NuGet cache.
            string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            foreach (string id in new[] { "osv.core", "osv.runtime", "osv.sdk" })
            {
                string versionDirectory = Path.Combine(cache, id, _version);
                if (Directory.Exists(versionDirectory))
                    Directory.Delete(versionDirectory, recursive: true);
            }
        }

        private CommandResult Dotnet(string workingDirectory, params string[] arguments)
        {
            CommandResult result = Repository.Run("dotnet", arguments, workingDirectory);
            Assert.True(result.ExitCode == 0, "dotnet " + string.Join(' ', arguments) + " failed:\n" + result.Describe());
            return result;
        }

        [Fact]
        public void AppOutsideRepository_BuildsAndBootsFromPackagesAlone()
        {
            string packages = Path.Combine(_directory, "packages");
            string app = Path.Combine(_directory, "app");
            // Its own artifacts path: the pack must not write where the test run's build reads.
            Dotnet(Repository.Root, "pack", "OSv.sln", "-p:Version=" + _version, "-o", packages, "--artifacts-path", Path.Combine(_directory, "build"));
            Dotnet(_directory, "new", "console", "-n", "App", "-o", app);
            Dotnet(app, "add", "package", "OSv.Runtime", "--version", _version, "--source", packages);

            CommandResult run = Repository.Run(Repository.OsvScript, new List<string> { "run", app, "--timeout", "60" }, _directory);

            Assert.True(run.ExitCode == 0, run.Describe());
            Assert.Contains("Hello, World!", run.Lines);
            Assert.True(File.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "osv", "App.elf")), run.Describe());
        }
    }
}
