// Each cluster test runs real silos on two shared cores: one at a time keeps their timeouts honest.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
