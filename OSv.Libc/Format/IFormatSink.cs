// Where printf's output goes. A sink may keep only part of it (snprintf keeps what fits); the
// engine still counts every byte, since C's printf family returns the would-be length.
namespace OSv.Libc.Format
{
    public interface IFormatSink
    {
        void Write(System.ReadOnlySpan<byte> bytes);
    }
}
