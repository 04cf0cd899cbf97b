// One browser and one silo per collection, on two cores: the tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
