namespace BigDL.Compute.Nn;

/// <summary>How a parameter's initial values are drawn (PyTorch's defaults are expressible with these).</summary>
public enum InitKind
{
    /// <summary>All zeros.</summary>
    Zeros,

    /// <summary>All ones.</summary>
    Ones,

    /// <summary>Uniform on [-a, a].</summary>
    Uniform,

    /// <summary>Normal with mean 0 and standard deviation a.</summary>
    Normal,
}

/// <summary>An initialiser: a kind and its scale.</summary>
/// <param name="Kind">The distribution.</param>
/// <param name="Scale">The uniform bound or normal standard deviation.</param>
public readonly record struct Init(InitKind Kind, float Scale = 0)
{
    /// <summary>Zeros.</summary>
    public static Init Zeros => new(InitKind.Zeros);

    /// <summary>Ones.</summary>
    public static Init Ones => new(InitKind.Ones);

    /// <summary>PyTorch's Linear/LSTM default: uniform on ±1/sqrt(fanIn).</summary>
    public static Init FanIn(int fanIn) => new(InitKind.Uniform, 1f / MathF.Sqrt(Math.Max(fanIn, 1)));

    /// <summary>Fills <paramref name="values"/> from <paramref name="random"/>.</summary>
    public void Fill(Span<float> values, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        switch (Kind)
        {
            case InitKind.Zeros:
                values.Clear();
                break;
            case InitKind.Ones:
                values.Fill(1);
                break;
            case InitKind.Uniform:
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)((random.NextDouble() * 2 - 1) * Scale);
                }

                break;
            case InitKind.Normal:
                for (var i = 0; i < values.Length; i++)
                {
                    // Box-Muller: two uniforms give one standard normal.
                    var u1 = 1 - random.NextDouble();
                    var u2 = random.NextDouble();
                    values[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2) * Scale);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(values), Kind, "unknown init kind");
        }
    }
}
