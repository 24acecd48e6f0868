namespace OSv.Libc.Abi
{
    using System.Runtime;
    using System.Runtime.CompilerServices;

    public static unsafe partial class AbiShims
    {
        // libc.S is linked into the image; its header's address comes from a one-instruction
        // function, since C# cannot name a data symbol.
        private static byte* LocateHeader() => HeaderAddress();

        [RuntimeImport("osv_abi_header_address"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern byte* HeaderAddress();
    }
}
