namespace BigDL.Compute.Kernels;

/// <summary>Checks a GEMM call's sizes, strides and span lengths, with messages that name the argument and the numbers.</summary>
internal static class GemmValidation
{
    public static void Validate(
        bool transA, bool transB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc, int biasLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        Operand("a", "lda", transA ? k : m, transA ? m : k, aLength, lda, transA ? "k×m (transA)" : "m×k");
        Operand("b", "ldb", transB ? n : k, transB ? k : n, bLength, ldb, transB ? "n×k (transB)" : "k×n");
        Operand("c", "ldc", m, n, cLength, ldc, "m×n");
        if (biasLength != 0 && biasLength != n)
        {
            throw Invalid($"bias has {biasLength} elements; it must be empty or have n = {n} (one per column of C)", "bias");
        }
    }

    // The public Sgemm's parameter names (a, lda, bias...), which are not this helper's own.
    static ArgumentException Invalid(string message, string paramName) => new(message, paramName);

    static void Operand(string name, string ldName, int rows, int cols, int length, int ld, string shape)
    {
        if (ld < Math.Max(1, cols))
        {
            throw Invalid($"{ldName} = {ld} is less than the {cols} columns of {name}, stored {shape} = {rows}×{cols}", ldName);
        }

        var needed = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;
        if (length < needed)
        {
            throw Invalid($"{name} has {length} elements; {shape} = {rows}×{cols} with {ldName} = {ld} needs {needed}", name);
        }
    }
}
