// Where the PAL's console output goes: a sink function the startup code installs (on metal, the
// kernel console: the serial port). Every write to descriptors 1 and 2 (and LogError) ends here
// as (stream, bytes, count); the sink writes all of it. Without a sink, a hosted process writes
// to its own stdout/stderr (ConsoleOutput.Hosted.cs) and an image reports EIO (a console that
// was never connected; writes must not vanish silently).
//
// Caller rules: Install once at startup before the first write (a plain static store: the
// startup runs before any other thread); tests install a capturing sink and put back the old one.
namespace OSv.Runtime.Pal
{
    internal static unsafe partial class ConsoleOutput
    {
        public const int OutputStream = 1;
        public const int ErrorStream = 2;

        private static delegate*<int, byte*, int, void> s_sink;

        // Connects the console; returns the previous sink (null if none).
        public static delegate*<int, byte*, int, void> Install(delegate*<int, byte*, int, void> sink)
        {
            delegate*<int, byte*, int, void> previous = s_sink;
            s_sink = sink;
            return previous;
        }

        // Writes count bytes to stream (1 or 2); false when no console is connected.
        public static bool Write(int stream, byte* bytes, int count)
        {
            delegate*<int, byte*, int, void> sink = s_sink;
            if (sink != null)
            {
                sink(stream, bytes, count);
                return true;
            }
            return WriteWithoutSink(stream, bytes, count);
        }
    }
}
