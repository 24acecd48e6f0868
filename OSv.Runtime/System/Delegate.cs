// Delegates. ilc builds delegate instances itself: it allocates the object and calls one of the
// Initialize* methods below with the target and the code pointer, then invokes through
// _functionPointer. The field names and the methods are the contract ilc 10.0.12 expects.
namespace System
{
    public abstract class Delegate
    {
#pragma warning disable CS0649, CS0169 // written through the Initialize* contract
        internal object? _firstParameter;
        internal object? _helperObject;
        internal nint _extraFunctionPointerOrData;
        internal nint _functionPointer;
#pragma warning restore CS0649, CS0169

        // Static method, called with the delegate as its (ignored) first parameter via a thunk.
        private void InitializeOpenStaticThunk(object firstParameter, nint functionPointer, nint functionPointerThunk)
        {
            _firstParameter = this;
            _functionPointer = functionPointerThunk;
            _extraFunctionPointerOrData = functionPointer;
        }

        // Static method closed over its first argument (an extension method bound to an instance).
        private void InitializeClosedStaticThunk(object firstParameter, nint functionPointer, nint functionPointerThunk)
        {
            _extraFunctionPointerOrData = functionPointer;
            _helperObject = firstParameter;
            _functionPointer = functionPointerThunk;
            _firstParameter = this;
        }

        // Instance method: the target object is passed as `this` to the code pointer.
        private void InitializeClosedInstance(object firstParameter, nint functionPointer)
        {
            if (firstParameter is null)
                ThrowHelper.ThrowNullReferenceException();
            _functionPointer = functionPointer;
            _firstParameter = firstParameter;
        }

        public object? Target => _firstParameter == this ? _helperObject : _firstParameter;
    }

    public abstract class MulticastDelegate : Delegate
    {
    }

    public delegate void Action();
    public delegate void Action<in T>(T obj);
    public delegate void Action<in T1, in T2>(T1 arg1, T2 arg2);
    public delegate TResult Func<out TResult>();
    public delegate TResult Func<in T, out TResult>(T arg);
    public delegate TResult Func<in T1, in T2, out TResult>(T1 arg1, T2 arg2);
}
