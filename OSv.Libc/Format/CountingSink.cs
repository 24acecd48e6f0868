// A sink that keeps nothing: vasprintf's first pass measures the output with it.
namespace OSv.Libc.Format
{
    public struct CountingSink : IFormatSink
    {
        public void Write(System.ReadOnlySpan<byte> bytes)
        {
        }
    }
}
