// Tests share the scripted objective's static script and two cores: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
