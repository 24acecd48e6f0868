// `osv build`: builds an application's VM image, the build's own output streaming by, and then
// prints the image path as the last line of stdout (`osv build samples/Hello | tail -n 1`).
using System;

namespace OSv.Tool
{
    internal static class BuildCommand
    {
        public static int Execute(string project, string configuration)
        {
            try
            {
                string imagePath = ImageBuilder.Build(ProjectLocator.FindProject(project), configuration);
                Console.Out.WriteLine(imagePath);
                return 0;
            }
            catch (ToolError error)
            {
                return Log.Fail(error);
            }
        }
    }
}
