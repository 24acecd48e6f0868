// The suite's own exception types: a custom exception with a property, and a derived one, so that
// catch-by-base-type and pattern matching over a user hierarchy are exercised.
using System;

namespace Compat.Areas
{
    internal class CompatCustomException : Exception
    {
        public CompatCustomException(string message, int code, Exception? inner = null)
            : base(message, inner)
        {
            Code = code;
        }

        public int Code { get; }
    }

    internal sealed class CompatDerivedException : CompatCustomException
    {
        public CompatDerivedException(string message, int code, string detail)
            : base(message, code)
        {
            Detail = detail;
        }

        public string Detail { get; }
    }
}
