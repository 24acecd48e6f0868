// Exceptions. The interim runtime has no unwinder yet, so a throw ends in RhpThrowEx, which
// panics naming the exception's type (see Internal.Runtime.ExceptionPanic). try/finally without
// a throw works; catching arrives with the real base library and its unwinder (issue 4).
namespace System
{
    public class Exception
    {
        private readonly string? _message;

        public Exception() { }

        public Exception(string? message) { _message = message; }

        public Exception(string? message, Exception? innerException)
        {
            _message = message;
            InnerException = innerException;
        }

        public virtual string Message => _message ?? "";

        public Exception? InnerException { get; }

        public override string ToString() => Message;
    }

    public class SystemException : Exception
    {
        public SystemException() { }
        public SystemException(string? message) : base(message) { }
    }

    public class ArithmeticException : SystemException
    {
        public ArithmeticException() { }
        public ArithmeticException(string? message) : base(message) { }
    }

    public sealed class DivideByZeroException : ArithmeticException
    {
        public DivideByZeroException() : base("Attempted to divide by zero.") { }
    }

    public sealed class OverflowException : ArithmeticException
    {
        public OverflowException() : base("Arithmetic operation resulted in an overflow.") { }
        public OverflowException(string? message) : base(message) { }
    }

    public class ArgumentException : SystemException
    {
        public ArgumentException() { }
        public ArgumentException(string? message) : base(message) { }
    }

    public sealed class ArgumentNullException : ArgumentException
    {
        public ArgumentNullException() { }
        public ArgumentNullException(string? paramName) : base(paramName) { }
    }

    public sealed class ArgumentOutOfRangeException : ArgumentException
    {
        public ArgumentOutOfRangeException() { }
        public ArgumentOutOfRangeException(string? paramName) : base(paramName) { }
    }

    public sealed class ArrayTypeMismatchException : SystemException { }

    public sealed class FormatException : SystemException
    {
        public FormatException() : base("Input string was not in a correct format.") { }
    }

    public sealed class IndexOutOfRangeException : SystemException
    {
        public IndexOutOfRangeException() : base("Index was outside the bounds of the array.") { }
    }

    public sealed class InvalidCastException : SystemException
    {
        public InvalidCastException() : base("Specified cast is not valid.") { }
    }

    public class InvalidOperationException : SystemException
    {
        public InvalidOperationException() { }
        public InvalidOperationException(string? message) : base(message) { }
    }

    public class NotSupportedException : SystemException
    {
        public NotSupportedException() { }
        public NotSupportedException(string? message) : base(message) { }
    }

    public sealed class PlatformNotSupportedException : NotSupportedException
    {
        public PlatformNotSupportedException() { }
        public PlatformNotSupportedException(string? message) : base(message) { }
    }

    public sealed class NullReferenceException : SystemException
    {
        public NullReferenceException() : base("Object reference not set to an instance of an object.") { }
    }

    public sealed class OutOfMemoryException : SystemException { }

    public sealed class InvalidProgramException : SystemException { }

    public sealed class TypeLoadException : SystemException { }

    public sealed class MissingMethodException : SystemException { }

    public sealed class BadImageFormatException : SystemException { }
}
