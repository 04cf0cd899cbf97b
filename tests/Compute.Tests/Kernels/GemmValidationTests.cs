using BigDL.Compute.Kernels;

namespace BigDL.Compute.Tests.Kernels;

public class GemmValidationTests
{
    [Fact]
    public void Sgemm_names_a_too_short_a_and_the_sizes_it_needed()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Gemm.Sgemm(false, false, 3, 4, 5, 1, new float[14], 5, new float[20], 4, 0, new float[12], 4));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("a has 14 elements", e.Message, StringComparison.Ordinal);
        Assert.Contains("3×5", e.Message, StringComparison.Ordinal);
        Assert.Contains("needs 15", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sgemm_reads_a_transposed_b_as_n_by_k()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Gemm.Sgemm(false, true, 3, 4, 5, 1, new float[15], 5, new float[19], 5, 0, new float[12], 4));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("n×k (transB) = 4×5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sgemm_rejects_a_leading_dimension_narrower_than_the_rows()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Gemm.Sgemm(false, false, 3, 4, 5, 1, new float[15], 5, new float[20], 4, 0, new float[12], 3));
        Assert.Equal("ldc", e.ParamName);
        Assert.Contains("ldc = 3 is less than the 4 columns of c", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sgemm_rejects_a_short_c_and_a_bias_of_the_wrong_length()
    {
        var c = Assert.Throws<ArgumentException>(() =>
            Gemm.Sgemm(false, false, 3, 4, 5, 1, new float[15], 5, new float[20], 4, 0, new float[11], 4));
        Assert.Equal("c", c.ParamName);
        var bias = Assert.Throws<ArgumentException>(() =>
            Gemm.Sgemm(false, false, 3, 4, 5, 1, new float[15], 5, new float[20], 4, 0, new float[12], 4, new float[3]));
        Assert.Equal("bias", bias.ParamName);
        Assert.Contains("bias has 3 elements", bias.Message, StringComparison.Ordinal);
        Assert.Contains("n = 4", bias.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sgemm_rejects_negative_sizes()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Sgemm(false, false, -1, 4, 5, 1, new float[15], 5, new float[20], 4, 0, new float[12], 4));
        Assert.Equal("m", e.ParamName);
    }
}
