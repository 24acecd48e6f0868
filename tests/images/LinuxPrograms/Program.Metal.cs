namespace LinuxPrograms
{
    public static partial class Program
    {
        // Everything the programs need is in the image (<OsvFile> items).
        private static OSv.Loader.Linking.IObjectFiles ObjectFiles() => new OSv.Libc.Process.ImageObjectFiles();
    }
}
