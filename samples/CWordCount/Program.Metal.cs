namespace CWordCount
{
    public static partial class Program
    {
        // The image's files are linked in (<OsvFile> items): nothing to do.
        private static void ProvideFiles()
        {
        }
    }
}
