namespace BigDL.Orleans.Serialization.Copying;

/// <summary>Copies an array whose elements need no copy of their own: one block copy, at memory bandwidth.</summary>
internal sealed class CloneArrayCopier : ICopier
{
    public object Copy(object original, CopyContext context)
    {
        var copy = ((Array)original).Clone();
        context.Record(original, copy);
        return copy;
    }
}

/// <summary>Copies a one-dimensional array element by element.</summary>
internal sealed class ArrayCopier<T> : ICopier
{
    public object Copy(object original, CopyContext context)
    {
        var source = (T[])original;
        var copy = new T[source.Length];
        context.Record(original, copy);
        for (var i = 0; i < source.Length; i++)
        {
            copy[i] = (T)context.Copy(source[i])!;
        }

        return copy;
    }
}

/// <summary>Copies a multi-dimensional array element by element.</summary>
internal sealed class MultiArrayCopier : ICopier
{
    public object Copy(object original, CopyContext context)
    {
        var source = (Array)original;
        var copy = (Array)source.Clone();
        context.Record(original, copy);
        var index = new int[source.Rank];
        for (var i = 0; i < source.Rank; i++)
        {
            index[i] = source.GetLowerBound(i);
        }

        for (long n = 0; n < source.LongLength; n++)
        {
            copy.SetValue(context.Copy(source.GetValue(index)), index);
            for (var d = source.Rank - 1; d >= 0; d--)
            {
                if (++index[d] <= source.GetUpperBound(d))
                {
                    break;
                }

                index[d] = source.GetLowerBound(d);
            }
        }

        return copy;
    }
}
