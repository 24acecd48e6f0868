// A throw with no unwinder. The interim runtime cannot catch, so every throw is unhandled: it
// becomes a panic that names the exception's type (the kernel resolves the MethodTable address
// to a name through the image's symbol map) and its message.
using System;

namespace Internal.Runtime
{
    public static unsafe class ExceptionPanic
    {
        private const int MessageBytesMax = 256;

        // Set by the kernel: writes the type name of the MethodTable at the address into buffer.
        public static delegate*<nint, byte*, int, int> DescribeType;

        public static void Unhandled(object exception)
        {
            byte* message = stackalloc byte[MessageBytesMax];
            int length = 0;
            RuntimeFailure.Append(message, ref length, "unhandled exception ");
            nint type = (nint)exception.GetMethodTable();
            if (DescribeType != null)
            {
                length += DescribeType(type, message + length, MessageBytesMax - length);
            }
            else
            {
                RuntimeFailure.Append(message, ref length, "MethodTable 0x");
                RuntimeFailure.AppendHex(message, ref length, (ulong)type);
            }
            if (exception is Exception managed && managed.Message.Length != 0)
            {
                RuntimeFailure.Append(message, ref length, ": ");
                RuntimeFailure.Append(message, ref length, managed.Message);
            }
            RuntimeFailure.Panic(message, length);
        }
    }
}
