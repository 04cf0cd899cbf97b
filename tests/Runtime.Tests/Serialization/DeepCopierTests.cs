using System.Collections.Immutable;
using System.Text;
using BigDL.Orleans.Serialization;

namespace BigDL.Orleans.Runtime.Tests.Serialization;

public class DeepCopierTests
{
    readonly DeepCopier copier = DeepCopier.Shared;

    [Fact]
    public void Copy_of_a_float_array_is_independent_of_the_original()
    {
        var original = new float[] { 1, 2, 3 };

        var copy = copier.Copy(original);
        original[0] = 99;

        Assert.NotSame(original, copy);
        Assert.Equal([1, 2, 3], copy);
    }

    [Fact]
    public void Copy_of_a_record_does_not_share_its_collections()
    {
        var trial = new Trial("t", 1, [0.5], new() { ["p"] = new Point3(1, 2, 3) }, null);

        var copy = copier.Copy(trial);
        trial.Values.Add(7);
        trial.Named.Clear();

        Assert.Equal([0.5], copy.Values);
        Assert.Equal(new Point3(1, 2, 3), copy.Named["p"]);
    }

    [Fact]
    public void Copy_of_a_class_copies_private_fields_and_is_independent()
    {
        var account = new Account("ada", 10);
        account.Deposit(1);

        var copy = copier.Copy(account);
        account.Deposit(100);

        Assert.Equal(11, copy.Balance);
        Assert.Equal("ada", copy.Owner);
        Assert.Equal(["+1"], copy.History);
    }

    [Fact]
    public void Copy_of_a_struct_copies_the_array_it_holds()
    {
        var sample = new Sample { Id = 1, Features = [1, 2] };

        var copy = copier.Copy(sample);
        sample.Features[0] = 50;

        Assert.Equal([1, 2], copy.Features);
    }

    [Fact]
    public void Fields_marked_non_serialized_start_empty_in_a_copy_as_they_do_remotely()
    {
        var copy = copier.Copy(new WithCache { Value = 3, Cached = () => 1 });

        Assert.Equal(3, copy.Value);
        Assert.Null(copy.Cached);
    }

    [Fact]
    public void Copy_preserves_cycles_and_shared_references()
    {
        var a = new Node { Name = "a" };
        a.Next = new Node { Name = "b", Next = a };
        var list = new List<int> { 1 };
        var shared = new SharedLists { First = list, Second = list };

        var cycle = copier.Copy(a);
        var sharedCopy = copier.Copy(shared);

        Assert.NotSame(a, cycle);
        Assert.Same(cycle, cycle.Next!.Next);
        Assert.Same(sharedCopy.First, sharedCopy.Second);
        Assert.NotSame(list, sharedCopy.First);
    }

    [Fact]
    public void Copy_keeps_runtime_types_of_polymorphic_fields()
    {
        var drawing = new Drawing { Main = new Circle(1), Anything = new List<int> { 1 } };
        drawing.Shapes.Add(new Square(2));

        var copy = copier.Copy(drawing);
        ((List<int>)drawing.Anything).Add(2);

        Assert.Equal(new Circle(1), copy.Main);
        Assert.IsType<Square>(copy.Shapes[0]);
        Assert.Equal([1], (List<int>)copy.Anything!);
    }

    [Fact]
    public void Copy_of_collections_keeps_order_and_comparers()
    {
        var dictionary = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase) { ["A"] = [1] };
        var stack = new Stack<int>([1, 2, 3]);
        var queue = new Queue<string>(["x", "y"]);
        var grid = new string[,] { { "a", "b" } };

        var dictionaryCopy = copier.Copy(dictionary);
        dictionary["A"].Add(2);

        Assert.Equal([1], dictionaryCopy["a"]);
        Assert.Equal([3, 2, 1], copier.Copy(stack));
        Assert.Equal(["x", "y"], copier.Copy(queue));
        Assert.Equal(grid, copier.Copy(grid));
        Assert.NotSame(grid, copier.Copy(grid));
    }

    [Fact]
    public void Copy_of_tuples_copies_their_mutable_items()
    {
        var list = new List<int> { 1 };

        var (_, copiedList) = copier.Copy((1, list));
        var tupleCopy = copier.Copy(Tuple.Create("a", list));
        list.Add(2);

        Assert.Equal([1], copiedList);
        Assert.Equal([1], tupleCopy.Item2);
    }

    [Fact]
    public void Copy_of_read_only_wrappers_does_not_share_the_wrapped_list()
    {
        var points = new List<Point3> { new(1, 2, 3) };
        var tags = new Tags(["a"], [1], [0.5], points.AsReadOnly());

        var copy = copier.Copy(tags);
        points.Add(new Point3(4, 5, 6));

        Assert.Single(copy.Points);
        Assert.Equal(["a"], copy.Names);
    }

    [Fact]
    public void Immutable_values_are_returned_as_they_are()
    {
        var frozen = new Frozen { Data = [1] };
        var wrapped = new[] { 1f }.AsImmutable();
        var immutableList = ImmutableList.Create(1);
        var exception = new InvalidOperationException("x");
        var reference = new FakeActivator().CreateReference(new GrainId("test", "1"), typeof(ITestGrain));

        Assert.Same(frozen, copier.Copy(frozen));
        Assert.Same(wrapped.Value, copier.Copy(wrapped).Value);
        Assert.Same(immutableList, copier.Copy(immutableList));
        Assert.Same(exception, copier.Copy(exception));
        Assert.Same(reference, copier.Copy((object)reference));
        Assert.Same(reference, copier.Copy((ITestGrain)reference));
    }

    [Fact]
    public void Copying_a_delegate_fails_with_a_message_naming_the_field_and_the_remedy()
    {
        var holder = new CallbackHolder { Callback = () => { } };

        var error = Assert.Throws<GrainSerializationException>(() => copier.Copy(holder));

        Assert.Contains(nameof(CallbackHolder), error.Message, StringComparison.Ordinal);
        Assert.Contains("delegate", error.Message, StringComparison.Ordinal);
        Assert.Contains("data, not behaviour", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copying_behaviour_or_resources_fails_with_a_clear_error()
    {
        Assert.Throws<GrainSerializationException>(() => copier.Copy<object>(new Action(() => { })));
        Assert.Throws<GrainSerializationException>(() => copier.Copy<object>(Task.CompletedTask));
        using var stream = new MemoryStream();
        Assert.Throws<GrainSerializationException>(() => copier.Copy(new StreamHolder { Content = stream }));
    }

    [Fact]
    public void Copying_an_unknown_framework_class_fails_and_suggests_immutable()
    {
        var error = Assert.Throws<GrainSerializationException>(() => copier.Copy(new StringBuilder("x")));

        Assert.Contains("Immutable<T>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copying_an_object_with_a_finalizer_or_a_framework_base_class_fails_clearly()
    {
        var finalizer = Assert.Throws<GrainSerializationException>(() => copier.Copy(new HandleOwner()));
        var derived = Assert.Throws<GrainSerializationException>(() => copier.Copy(new NumberCollection { 1 }));

        Assert.Contains("finalizer", finalizer.Message, StringComparison.Ordinal);
        Assert.Contains("List<System.Int32>", derived.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Copying_a_very_deep_chain_fails_cleanly_instead_of_overflowing_the_stack()
    {
        var head = new Node();
        for (var i = 0; i < 100_000; i++)
        {
            head = new Node { Next = head };
        }

        Assert.Throws<GrainSerializationException>(() => copier.Copy(head));
    }

    [Fact]
    public void The_copier_and_the_serializer_accept_and_refuse_the_same_nesting()
    {
        static Node Chain(int length)
        {
            var head = new Node();
            for (var i = 1; i < length; i++)
            {
                head = new Node { Next = head };
            }

            return head;
        }

        var shallow = Chain(50);
        var deep = Chain(150);

        Assert.NotNull(copier.Copy(shallow));
        Assert.NotNull(RoundTrip.Of(shallow));
        Assert.Throws<GrainSerializationException>(() => copier.Copy(deep));
        Assert.Throws<GrainSerializationException>(() => RoundTrip.Of(deep));
        Assert.NotNull(new DeepCopier(maxDepth: 1000).Copy(deep));
    }

    [Fact]
    public void Copy_as_object_copies_by_the_runtime_type()
    {
        object original = new List<int> { 1 };

        var copy = copier.Copy(original);
        ((List<int>)original).Add(2);

        Assert.Equal([1], (List<int>)copy!);
        Assert.Null(copier.Copy(null));
    }

    [Fact]
    public void Copies_made_in_parallel_are_all_correct()
    {
        var trial = new Trial("p", 1, [1, 2, 3], new() { ["a"] = new Point3(0, 0, 0) }, null);

        var copies = Enumerable.Range(0, 2000).AsParallel().Select(_ => copier.Copy(trial)).ToList();

        Assert.All(copies, copy => Assert.Equal([1.0, 2.0, 3.0], copy.Values));
        Assert.Equal(2000, copies.Select(c => c.Values).Distinct(ReferenceEqualityComparer.Instance).Count());
    }
}
