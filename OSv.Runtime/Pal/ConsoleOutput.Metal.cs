namespace OSv.Runtime.Pal
{
    internal static unsafe partial class ConsoleOutput
    {
        private static bool WriteWithoutSink(int stream, byte* bytes, int count) => false;
    }
}
