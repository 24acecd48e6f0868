// What the user named on the command line: a project file, a folder holding exactly one, or
// (for `osv run`) an image already built. Paths stay relative to the user's working directory.
using System;
using System.IO;

namespace OSv.Tool
{
    internal static class ProjectLocator
    {
        public const string ProjectExtension = ".csproj";
        public const string ImageExtension = ".elf";

        public static bool IsImage(string path) =>
            path.EndsWith(ImageExtension, StringComparison.OrdinalIgnoreCase);

        // An existing image is booted as is; an .elf that does not exist is a typo, not a project.
        public static string? FindImage(string argument)
        {
            if (!IsImage(argument))
                return null;
            if (!File.Exists(argument))
                throw new ToolError("image '" + argument + "' was not found.");
            return Path.GetFullPath(argument);
        }

        public static string FindProject(string argument)
        {
            if (File.Exists(argument))
            {
                if (!argument.EndsWith(ProjectExtension, StringComparison.OrdinalIgnoreCase))
                    throw new ToolError("'" + argument + "' is neither a " + ProjectExtension + " project nor a folder.");
                return Path.GetFullPath(argument);
            }
            if (!Directory.Exists(argument))
                throw new ToolError("'" + argument + "' was not found (expected a " + ProjectExtension + " file or a folder holding one).");
            return FindProjectInFolder(argument);
        }

        private static string FindProjectInFolder(string folder)
        {
            string[] projects = Directory.GetFiles(folder, "*" + ProjectExtension);
            if (projects.Length == 0)
                throw new ToolError("no " + ProjectExtension + " file in '" + folder + "'.");
            if (projects.Length > 1)
                throw new ToolError("'" + folder + "' holds " + projects.Length + " projects; name one of them.");
            return Path.GetFullPath(projects[0]);
        }
    }
}
