// Error messages name symbols and objects, whose names are UTF-8 bytes; the metal core library
// has no Encoding, so names are widened byte by byte (non-ASCII bytes show as '?'). Only error
// paths build strings.
namespace OSv.Loader.Linking
{
    public static class LoaderText
    {
        public static string FromBytes(System.ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length == 0)
                return "";
            char[] chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
                chars[i] = bytes[i] < 0x80 ? (char)bytes[i] : '?';
            return new string(chars);
        }

        public static string Hex(ulong value) => string.Concat("0x", value.ToString("x"));
    }
}
