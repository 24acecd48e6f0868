// Error messages name symbols and objects, whose names are UTF-8 bytes, decoded with CoreLib's
// UTF-8 decoder (an invalid sequence shows as U+FFFD). Only error paths build strings.
namespace OSv.Loader.Linking
{
    public static class LoaderText
    {
        public static string FromBytes(System.ReadOnlySpan<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes);

        public static string Hex(ulong value) => string.Concat("0x", value.ToString("x"));
    }
}
