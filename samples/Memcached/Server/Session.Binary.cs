// The binary protocol (memcached's protocol_binary.h; "Binary Protocol Revamped").
// PLACEHOLDER until the binary executor lands: a binary connection is closed at once.
namespace Memcached.Server
{
    public sealed partial class Session
    {
        private const byte BinaryRequestMagic = 0x80;

        private bool ProcessBinaryRequest()
        {
            Close();
            return false;
        }
    }
}
