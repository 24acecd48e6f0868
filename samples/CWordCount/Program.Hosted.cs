namespace CWordCount
{
    public static partial class Program
    {
        // Hosted, the same paths come from the build output: the program as /bin/wordcount and
        // the texts under /texts.
        private static void ProvideFiles()
        {
            string output = System.AppContext.BaseDirectory;
            OSv.Core.Files.ImageFileSystem.Mount(System.IO.Path.Combine(output, "files"), "/");
        }
    }
}
