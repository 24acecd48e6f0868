// The name of an exception's type for transcripts, by pattern matching instead of reflection.
//
// Why not GetType().Name everywhere: a body about exceptions should not also depend on the image's
// type-name metadata (one body in ExceptionsArea tests GetType().Name on its own). Order matters:
// derived types before their bases.
using System;
using System.Collections.Generic;
using System.Threading;

namespace Compat.Suite
{
    public static class ExceptionNames
    {
        public static string Of(Exception exception) => exception switch
        {
            Areas.CompatDerivedException => "CompatDerivedException",
            Areas.CompatCustomException => "CompatCustomException",
            NullReferenceException => "NullReferenceException",
            DivideByZeroException => "DivideByZeroException",
            OverflowException => "OverflowException",
            ArithmeticException => "ArithmeticException",
            IndexOutOfRangeException => "IndexOutOfRangeException",
            InvalidCastException => "InvalidCastException",
            ArgumentOutOfRangeException => "ArgumentOutOfRangeException",
            ArgumentNullException => "ArgumentNullException",
            ArgumentException => "ArgumentException",
            FormatException => "FormatException",
            KeyNotFoundException => "KeyNotFoundException",
            ObjectDisposedException => "ObjectDisposedException",
            InvalidOperationException => "InvalidOperationException",
            NotSupportedException => "NotSupportedException",
            NotImplementedException => "NotImplementedException",
            OperationCanceledException => "OperationCanceledException",
            AggregateException => "AggregateException",
            ThreadInterruptedException => "ThreadInterruptedException",
            TimeoutException => "TimeoutException",
            ApplicationException => "ApplicationException",
            TypeInitializationException => "TypeInitializationException",
            ArrayTypeMismatchException => "ArrayTypeMismatchException",
            _ => "other:" + exception.GetType().Name,
        };
    }
}
